import type { IncomingHttpHeaders } from 'node:http';
import type { WebSocket } from 'ws';
import { SocketChannel, type ChannelHandler } from './lmstudio-native-emulator-channel';
import { answerRpc, openChannel } from './lmstudio-native-emulator-endpoints';
import type { EmulatorState } from './lmstudio-native-emulator-state';

type Message = Record<string, unknown>;

/**
 * One client socket on one namespace (`/llm`, `/system`, ...). The first client frame must be
 * the auth packet and the first server frame its answer; then the envelope messages of
 * lmstudio-native.md §2. IDs are per socket and only echoed.
 */
export class NativeConnection {
  private authenticated = false;
  private readonly channels = new Map<number, { channel: SocketChannel; handler: ChannelHandler }>();
  /** Every channel's path, kept after it ends so late messages are still recorded by path. */
  private readonly channelPaths = new Map<number, string>();
  private readonly headers: Record<string, string | string[] | undefined>;

  constructor(
    private readonly socket: WebSocket,
    private readonly namespace: string,
    headers: IncomingHttpHeaders,
    private readonly state: EmulatorState,
  ) {
    this.headers = { ...headers };
    socket.on('message', (data, isBinary) => this.receive(isBinary ? '' : String(data)));
    socket.on('close', () => this.closed());
  }

  private send(message: Message): void {
    // Text frames, one JSON object each: a browser client cannot parse binary frames.
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private protocolError(problem: string): void {
    this.state.protocolErrors.push(`/${this.namespace}: ${problem}`);
    this.state.changed();
  }

  private receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return this.protocolError(`not a JSON text frame: ${text.slice(0, 80)}`);
    }
    if (!this.authenticated) return this.authenticate(message);
    switch (message.type) {
      case 'rpcCall':
        this.record(String(message.endpoint), message);
        return answerRpc(this.state, this.namespace, message, (reply) => this.send(reply));
      case 'channelCreate':
        this.record(String(message.endpoint), message);
        return this.createChannel(message);
      case 'channelSend':
        return this.channelSend(message);
      case 'channelAck':
        return;
      case 'keepAlive':
        return this.send({ type: 'keepAliveAck' });
      case 'communicationWarning': {
        // The SDK rejected something the emulator sent: a protocol bug. Fail loudly.
        const warning = String(message.warning);
        console.error(`LM Studio native emulator: client sent communicationWarning: ${warning}`);
        this.state.communicationWarnings.push(warning);
        this.state.changed();
        return;
      }
      default:
        return this.protocolError(`unsupported message type ${String(message.type)}`);
    }
  }

  private authenticate(message: Message): void {
    const valid =
      message.authVersion === 1 &&
      typeof message.clientIdentifier === 'string' &&
      typeof message.clientPasskey === 'string';
    if (!valid) {
      this.protocolError(`first frame is not an auth packet: ${JSON.stringify(message).slice(0, 120)}`);
      this.socket.close();
      return;
    }
    const refusal = this.state.options.authError;
    if (refusal !== undefined) {
      this.send({ success: false, error: refusal });
      this.socket.close();
      return;
    }
    this.authenticated = true;
    this.send({ success: true });
  }

  private record(endpoint: string, body: Message): void {
    const path = `/${this.namespace}/${endpoint}`;
    this.state.requests.push({ method: 'WS', path, headers: this.headers, body });
    this.state.changed();
  }

  private createChannel(message: Message): void {
    const channelId = Number(message.channelId);
    const endpoint = String(message.endpoint);
    const path = `/${this.namespace}/${endpoint}`;
    const channel = new SocketChannel(
      channelId,
      (reply) => this.send(reply),
      () => this.socket.terminate(),
      () => this.channels.delete(channelId),
      (text) => {
        if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
      },
    );
    this.channelPaths.set(channelId, path);
    const endpointRef = { namespace: this.namespace, endpoint, path };
    const handler = openChannel(this.state, endpointRef, message.creationParameter, channel);
    // A channel may already have ended (e.g. channelError for an unknown model).
    if (!channel.ended) this.channels.set(channelId, { channel, handler });
  }

  private channelSend(message: Message): void {
    const channelId = Number(message.channelId);
    const path = this.channelPaths.get(channelId);
    if (path === undefined) return this.protocolError(`channelSend for unknown channel ${channelId}`);
    this.state.requests.push({ method: 'WS', path, headers: this.headers, body: message });
    // A cancel racing the channel's end is normal: recorded, nothing left to stop.
    this.channels.get(channelId)?.handler.receive((message.message ?? {}) as Message);
    this.state.changed();
  }

  private closed(): void {
    for (const { channel } of [...this.channels.values()]) channel.socketClosed();
    this.channels.clear();
  }
}
