import type { ToolCall } from '../../vocabulary/chat';

/**
 * OpenAI streams a tool call in pieces: the first delta for an `index` carries its id and
 * function name, the following ones carry fragments of the JSON `arguments` string. This
 * gathers them; `drain()` hands out the finished calls (at the finish reason, or at the end).
 */
export class ToolCallAssembler {
  private readonly pending = new Map<number, { id?: string; name: string; args: string[] }>();

  add(piece: unknown): void {
    if (typeof piece !== 'object' || piece === null) return;
    const { index, id, function: fn } = piece as { index?: unknown; id?: unknown; function?: unknown };
    // Servers that send one call without an index still mean call 0.
    const key = typeof index === 'number' ? index : 0;
    let call = this.pending.get(key);
    if (call === undefined) {
      call = { name: '', args: [] };
      this.pending.set(key, call);
    }
    if (typeof id === 'string' && id !== '') call.id = id;
    if (typeof fn === 'object' && fn !== null) {
      const { name, arguments: args } = fn as { name?: unknown; arguments?: unknown };
      if (typeof name === 'string' && call.name === '') call.name = name;
      if (typeof args === 'string') call.args.push(args);
      // Some servers send the arguments as an object in one piece.
      else if (typeof args === 'object' && args !== null) call.args.push(JSON.stringify(args));
    }
  }

  get size(): number {
    return this.pending.size;
  }

  /** The calls gathered so far, in index order, as the raw JSON text of their arguments. */
  drain(): ToolCall[] {
    const calls = [...this.pending.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, call]) => call.name !== '')
      .map(([, call]): ToolCall => {
        const out: ToolCall = { name: call.name, arguments: call.args.join('') };
        if (call.id !== undefined) out.id = call.id;
        return out;
      });
    this.pending.clear();
    return calls;
  }
}
