import type { ChatResult, StreamEvent } from '../vocabulary/chat';

/** Folds stream events into the whole answer; the one definition of "what an answer is". */
export class AnswerAccumulator {
  private textParts: string[] = [];
  private reasoningParts: string[] = [];
  readonly result: ChatResult = {
    text: '',
    reasoning: '',
    toolCalls: [],
    finishReason: 'stop',
    stats: {},
  };

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'text':
        this.textParts.push(event.text);
        break;
      case 'reasoning':
        this.reasoningParts.push(event.text);
        break;
      case 'tool-call':
        this.result.toolCalls.push(event.call);
        break;
      case 'prompt-progress':
        break;
      case 'finish':
        this.result.finishReason = event.reason;
        this.result.rawFinishReason = event.rawReason;
        this.result.stats = event.stats;
        if (event.model !== undefined) this.result.model = event.model;
        break;
    }
  }

  get text(): string {
    return this.textParts.join('');
  }

  get reasoning(): string {
    return this.reasoningParts.join('');
  }

  finish(): ChatResult {
    return { ...this.result, text: this.text, reasoning: this.reasoning };
  }
}

export async function collectEvents(events: AsyncIterable<StreamEvent>): Promise<ChatResult> {
  const acc = new AnswerAccumulator();
  for await (const event of events) acc.add(event);
  return acc.finish();
}

/** The events a finished answer would have streamed as, for providers that cannot stream. */
export function* resultAsEvents(result: ChatResult): Generator<StreamEvent> {
  if (result.reasoning) yield { type: 'reasoning', text: result.reasoning };
  if (result.text) yield { type: 'text', text: result.text };
  for (const call of result.toolCalls) yield { type: 'tool-call', call };
  const finish: StreamEvent = { type: 'finish', reason: result.finishReason, stats: result.stats };
  if (result.rawFinishReason !== undefined) finish.rawReason = result.rawFinishReason;
  if (result.model !== undefined) finish.model = result.model;
  yield finish;
}
