import type { SerializedError } from './lmstudio-native-emulator-errors';

/** What a channel handler can do; the connection implements it over the socket. */
export interface ChannelContext {
  readonly channelId: number;
  /** `channelSend` to the client (ignored once the channel ended). */
  send(message: Record<string, unknown>): void;
  /** A raw text frame on the socket, e.g. one that is not JSON (malformed-data tests). */
  sendFrame(text: string): void;
  /** `channelClose`: the normal end; always sent after the terminal packet. */
  close(): void;
  /** `channelError`: the failed end (no `channelClose` follows). */
  fail(error: SerializedError): void;
  /** Destroys the whole socket without a close frame (a crashed server). */
  drop(): void;
  /** True once the client sent `cancel` (and the emulator answers cancels). */
  readonly cancelled: boolean;
  /** True once the channel ended or the socket closed. */
  readonly ended: boolean;
  /** Resolves on cancel, channel end or socket close: ends every wait early. */
  readonly interrupted: Promise<void>;
}

/** Waits `ms` (if positive), or less when the channel is interrupted. */
export function pause(channel: ChannelContext, ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void channel.interrupted.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A channel over one socket: sends the envelope messages and tracks cancel and end. */
export class SocketChannel implements ChannelContext {
  private isEnded = false;
  private isCancelled = false;
  private interrupt!: () => void;
  readonly interrupted = new Promise<void>((resolve) => (this.interrupt = resolve));

  constructor(
    readonly channelId: number,
    private readonly sendRaw: (message: Record<string, unknown>) => void,
    private readonly dropSocket: () => void,
    private readonly onEnd: () => void,
    private readonly sendText: (text: string) => void = () => {},
  ) {}

  get cancelled(): boolean {
    return this.isCancelled;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  send(message: Record<string, unknown>): void {
    if (!this.isEnded) this.sendRaw({ type: 'channelSend', channelId: this.channelId, message });
  }

  sendFrame(text: string): void {
    if (!this.isEnded) this.sendText(text);
  }

  close(): void {
    this.end({ type: 'channelClose', channelId: this.channelId });
  }

  fail(error: SerializedError): void {
    this.end({ type: 'channelError', channelId: this.channelId, error });
  }

  drop(): void {
    this.dropSocket();
  }

  /** The client asked to stop. */
  cancel(): void {
    this.isCancelled = true;
    this.interrupt();
  }

  /** The socket closed: nothing more can be sent. */
  socketClosed(): void {
    this.end(null);
  }

  private end(reply: Record<string, unknown> | null): void {
    if (this.isEnded) return;
    this.isEnded = true;
    if (reply !== null) this.sendRaw(reply);
    this.onEnd();
    this.interrupt();
  }
}

/** A channel's server side: `receive` gets the client's `channelSend` messages. */
export interface ChannelHandler {
  receive(message: Record<string, unknown>): void;
}
