import type { StreamEvent } from '../vocabulary/chat';

/** The tags models put their reasoning in, inline in the answer's text. */
const TAGS = ['think', 'thinking', 'reasoning', 'thought'] as const;
const OPENINGS = TAGS.map((tag) => `<${tag}>`);

/**
 * Turns reasoning a model writes inline at the start of its answer (`<think>…</think>`, also
 * `<thinking>`, `<reasoning>`, `<thought>`) into reasoning events, for every server kind. It is
 * streaming-safe: a tag split across chunks or network reads is held until it can be told apart
 * from text (a few characters at most), and everything held goes out at the end or on a failure.
 * Only a tag at the very start counts (after whitespace): a `<think>` in the middle of an answer
 * is the model talking about tags, and stays text.
 */
export class InlineThinking {
  private state: 'start' | 'inside' | 'answer' = 'start';
  private held = '';
  private closing = '';
  /** Whitespace between the closing tag and the answer is not part of the answer. */
  private trimAnswer = false;
  private trimReasoning = false;

  /** The events `event` makes now (a text may become reasoning, or wait); a finish flushes first. */
  add(event: StreamEvent): StreamEvent[] {
    if (event.type === 'finish') return [...this.flush(), event];
    if (event.type !== 'text') return [event];
    return this.text(event.text);
  }

  /** What is held goes out as it is (the stream ended or failed). */
  flush(): StreamEvent[] {
    const held = this.held;
    this.held = '';
    if (!held) return [];
    if (this.state === 'inside') return this.reasoning(held);
    this.state = 'answer';
    return this.answer(held);
  }

  private text(piece: string): StreamEvent[] {
    if (this.state === 'answer') return this.answer(piece);
    const buffer = this.held + piece;
    this.held = '';
    if (this.state === 'inside') return this.inside(buffer);
    const start = buffer.trimStart();
    if (start === '') {
      this.held = buffer; // only whitespace so far: it could still precede a tag
      return [];
    }
    const opening = OPENINGS.find((open) => start.toLowerCase().startsWith(open));
    if (opening) {
      this.state = 'inside';
      this.closing = `</${opening.slice(1)}`;
      this.trimReasoning = true;
      return this.inside(start.slice(opening.length));
    }
    if (OPENINGS.some((open) => open.startsWith(start.toLowerCase()))) {
      this.held = buffer; // "<thi": a tag may be on its way
      return [];
    }
    this.state = 'answer';
    return this.answer(buffer);
  }

  private inside(buffer: string): StreamEvent[] {
    const at = buffer.toLowerCase().indexOf(this.closing);
    if (at !== -1) {
      this.state = 'answer';
      this.trimAnswer = true;
      return [...this.reasoning(buffer.slice(0, at)), ...this.answer(buffer.slice(at + this.closing.length))];
    }
    // Hold back an end that may be the start of the closing tag ("</thi").
    let keep = Math.min(buffer.length, this.closing.length - 1);
    while (keep > 0 && !this.closing.startsWith(buffer.slice(buffer.length - keep).toLowerCase())) keep--;
    this.held = buffer.slice(buffer.length - keep);
    return this.reasoning(buffer.slice(0, buffer.length - keep));
  }

  private reasoning(text: string): StreamEvent[] {
    const out = this.trimReasoning ? text.trimStart() : text;
    if (out) this.trimReasoning = false;
    return out ? [{ type: 'reasoning', text: out }] : [];
  }

  private answer(text: string): StreamEvent[] {
    const out = this.trimAnswer ? text.trimStart() : text;
    if (out) this.trimAnswer = false;
    return out ? [{ type: 'text', text: out }] : [];
  }
}
