import type { ChannelContext } from './lmstudio-native-emulator-channel';

/**
 * Bad and newer-than-known data on a `predict` channel. @lmstudio/sdk 1.5.0 drops a text frame
 * that is not JSON (a logged warning) and a packet its zod schema rejects (it sends a
 * `communicationWarning` back, which the emulator records); the prediction goes on. What a
 * client must not do is crash or hang on either.
 */

/** Scenario.malformedAfterTokens: a truncated JSON frame and a fragment with a wrongly typed field. */
export function sendMalformed(channel: ChannelContext): void {
  channel.sendFrame(`{"type":"channelSend","channelId":${channel.channelId},"message":{"type":"fragm`);
  channel.send({ type: 'fragment', fragment: { content: 42, reasoningType: 'sideways' } });
}

/** Scenario.unknownFields: a packet type this SDK version does not know. */
export function unknownPacket(): Record<string, unknown> {
  return { type: 'futurePacket', note: 'a packet a newer LM Studio might send' };
}
