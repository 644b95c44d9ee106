import { DEFAULT_ANSWER_TOKENS, type Scenario } from './scenario';
import { pause, type ChannelContext } from './lmstudio-native-emulator-channel';
import { MarkStamper } from './write-marks';
import { genericError } from './lmstudio-native-emulator-errors';
import { sendMalformed, unknownPacket } from './lmstudio-native-emulator-malformed';
import { CONTEXT_LENGTH, instanceInfo, type EmulatedModel } from './lmstudio-native-emulator-models';

type ReasoningType = 'none' | 'reasoning' | 'reasoningStartTag' | 'reasoningEndTag';

interface PlannedFragment {
  content: string;
  reasoningType: ReasoningType;
}

interface KvField {
  key: string;
  value: unknown;
}

/** The `predict` channel's creation parameter (the parts the emulator reads). */
interface PredictParameter {
  history?: { messages?: Array<{ content?: Array<{ type?: string; text?: string }> }> };
  predictionConfigStack?: { layers?: Array<{ config?: { fields?: KvField[] } }> };
}

/** Reasoning inside `<think>` tags (tag fragments marked as such, as LM Studio does), then the answer. */
function planFragments(scenario: Scenario): PlannedFragment[] {
  const reasoning = scenario.reasoningTokens ?? [];
  const answer = scenario.tokens ?? DEFAULT_ANSWER_TOKENS;
  const thinking: PlannedFragment[] =
    reasoning.length === 0
      ? []
      : [
          { content: '<think>', reasoningType: 'reasoningStartTag' },
          ...reasoning.map((content): PlannedFragment => ({ content, reasoningType: 'reasoning' })),
          { content: '</think>', reasoningType: 'reasoningEndTag' },
        ];
  return [...thinking, ...answer.map((content): PlannedFragment => ({ content, reasoningType: 'none' }))];
}

/** Scenario.tokensPerSecond: waits until `due` (performance.now() time), at least one 4 ms tick. */
async function paceTo(channel: ChannelContext, due: number): Promise<void> {
  const wait = due - performance.now();
  if (wait > 0) await pause(channel, Math.max(wait, 4));
}

/** A stand-in token count: the words of every text part in the history. */
function promptTokens(parameter: PredictParameter): number {
  const texts = (parameter.history?.messages ?? []).flatMap((message) =>
    (message.content ?? []).map((part) => (part.type === 'text' ? (part.text ?? '') : '')),
  );
  return texts.join(' ').split(/\s+/).filter(Boolean).length;
}

/** The effective prediction config: every layer's fields, later layers winning. */
function mergedConfig(parameter: PredictParameter): { fields: KvField[] } {
  const byKey = new Map<string, unknown>();
  for (const layer of parameter.predictionConfigStack?.layers ?? []) {
    for (const field of layer.config?.fields ?? []) byKey.set(field.key, field.value);
  }
  return { fields: [...byKey].map(([key, value]) => ({ key, value })) };
}

/**
 * Streams one scripted answer on a `predict` channel: prompt progress 0 → 0.5 → 1, fragments
 * (tags, reasoning, answer), then `success` with stats and `channelClose`. Scripted failures:
 * `channelError` (failAfterTokens), a dropped socket (dropAfterTokens), silence
 * (stallAfterTokens, neverAnswer), bad frames (malformedAfterTokens), unknown fields (unknownFields). A cancel ends it with `stopReason: "userStopped"`,
 * an unload of its model with `stopReason: "modelUnloaded"` (the text so far stays sent).
 */
export class PredictionRun {
  /** Answer and reasoning fragments sent so far (tag fragments not counted). */
  tokensSent = 0;
  private malformedSent = false;
  private unloaded = false;

  constructor(
    private readonly channel: ChannelContext,
    private readonly parameter: PredictParameter,
    private readonly model: EmulatedModel,
    private readonly scenario: Scenario,
    private readonly contextLength = CONTEXT_LENGTH,
  ) {}

  get modelKey(): string {
    return this.model.modelKey;
  }

  /** Its model left memory: the answer ends after the fragment being sent. */
  unload(): void {
    this.unloaded = true;
  }

  async run(): Promise<void> {
    const { channel, scenario } = this;
    const started = performance.now();
    if (scenario.neverAnswer) {
      await channel.interrupted;
      return this.finish(started, started);
    }
    const prompt = promptTokens(this.parameter);
    for (const progress of [0, 0.5, 1]) {
      const processed = Math.round(prompt * progress);
      const details = {
        cachedTokenCount: 0,
        totalPromptTokenCount: prompt,
        processedPromptTokenCount: processed,
        unprocessedPromptTokenCount: prompt - processed,
      };
      channel.send({ type: 'promptProcessingProgress', progress, details });
      if (progress < 1) await pause(channel, scenario.promptProgressDelayMs);
      if (channel.cancelled || channel.ended) break;
    }
    await pause(channel, scenario.firstTokenDelayMs);
    if (scenario.unknownFields) channel.send(unknownPacket());
    let firstTokenAt: number | undefined;
    const fragments = planFragments(scenario);
    const marks = new MarkStamper(scenario.marks, fragments.length);
    const rate = scenario.tokensPerSecond ?? 0;
    const paceStart = performance.now();
    for (const [index, fragment] of fragments.entries()) {
      const counted = fragment.reasoningType === 'none' || fragment.reasoningType === 'reasoning';
      if (counted && (await this.scriptedStop())) return;
      if (channel.cancelled || channel.ended || this.unloaded) break;
      if (rate > 0) await paceTo(channel, paceStart + (index * 1000) / rate);
      marks.queued(index);
      marks.stamp();
      channel.send({
        type: 'fragment',
        fragment: {
          ...fragment,
          tokensCount: 1,
          containsDrafted: false,
          isStructural: false,
          ...(scenario.unknownFields ? { futureField: { nested: true } } : {}),
        },
      });
      firstTokenAt ??= performance.now();
      if (counted) this.tokensSent += 1;
      if (!scenario.burst && rate <= 0) await pause(channel, scenario.tokenDelayMs);
    }
    if (!channel.cancelled && !this.unloaded && (await this.scriptedStop())) return;
    this.finish(started, firstTokenAt ?? performance.now());
  }

  /** Applies failAfterTokens / dropAfterTokens / stallAfterTokens; true when the run must end now. */
  private async scriptedStop(): Promise<boolean> {
    const { channel, scenario } = this;
    if (scenario.malformedAfterTokens === this.tokensSent && !this.malformedSent) {
      this.malformedSent = true;
      sendMalformed(channel);
    }
    if (scenario.failAfterTokens === this.tokensSent) {
      channel.fail(genericError(scenario.failMessage ?? 'Model crashed', 'llama_decode returned -1'));
      return true;
    }
    if (scenario.dropAfterTokens === this.tokensSent) {
      channel.drop();
      return true;
    }
    if (scenario.stallAfterTokens === this.tokensSent) {
      await channel.interrupted;
      if (channel.cancelled) this.finish(performance.now(), performance.now());
      return true;
    }
    return false;
  }

  private finish(started: number, firstTokenAt: number): void {
    const { channel } = this;
    if (channel.ended) return;
    const now = performance.now();
    const prompt = promptTokens(this.parameter);
    const generatingSec = Math.max((now - firstTokenAt) / 1000, 0.001);
    const stats = {
      stopReason: channel.cancelled
        ? 'userStopped'
        : this.unloaded
          ? 'modelUnloaded'
          : (this.scenario.finishReason ?? 'eosFound'),
      tokensPerSecond: Number((this.tokensSent / generatingSec).toFixed(3)),
      numGpuLayers: -1,
      timeToFirstTokenSec: Number(((firstTokenAt - started) / 1000).toFixed(4)),
      totalTimeSec: Number(((now - started) / 1000).toFixed(4)),
      promptTokensCount: prompt,
      predictedTokensCount: this.tokensSent,
      totalTokensCount: prompt + this.tokensSent,
    };
    channel.send({
      type: 'success',
      stats,
      modelInfo: instanceInfo(this.model, this.contextLength),
      loadModelConfig: { fields: [{ key: 'llm.load.contextLength', value: this.contextLength }] },
      predictionConfig: mergedConfig(this.parameter),
    });
    channel.close();
  }
}
