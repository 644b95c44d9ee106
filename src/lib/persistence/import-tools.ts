/**
 * Readers for the parts of an imported conversation that tool calling and structured output
 * added: tool rounds and calls on answers, and the newer model settings. Untrusted input, so
 * every value is type- and size-checked like the rest of import-conversation.
 */
import type { ResponseFormatChoice, ToolCallRecord, ToolRound } from '../vocabulary/records';
import * as v from './validate';

const MAX_ROUNDS = 100;
const MAX_CALLS = 100;
const MAX_LIST = 100;
const MAX_TOOL_TEXT = 1_000_000;
const MAX_NAME = 200;

export const RESPONSE_FORMATS: readonly ResponseFormatChoice[] = ['json', 'json-schema'];

/** A list of short texts (stop sequences, tool names), or undefined when absent. */
export function optionalTextList(value: unknown, path: string, maxLength: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return v.list(value, path, MAX_LIST).map((item, i) => v.text(item, `${path}[${i}]`, maxLength));
}

export function readToolCall(value: unknown, path: string): ToolCallRecord {
  const c = v.object(value, path);
  return v.compact({
    id: v.text(c.id, `${path}.id`, MAX_NAME),
    name: v.text(c.name, `${path}.name`, MAX_NAME),
    arguments: v.text(c.arguments, `${path}.arguments`, MAX_TOOL_TEXT),
    result: v.optionalText(c.result, `${path}.result`, MAX_TOOL_TEXT),
    failed: v.optionalBoolean(c.failed, `${path}.failed`),
  });
}

export function optionalToolCalls(value: unknown, path: string): ToolCallRecord[] | undefined {
  if (value === undefined || value === null) return undefined;
  return v.list(value, path, MAX_CALLS).map((call, i) => readToolCall(call, `${path}[${i}]`));
}

export function optionalToolRounds(value: unknown, path: string): ToolRound[] | undefined {
  if (value === undefined || value === null) return undefined;
  return v.list(value, path, MAX_ROUNDS).map((item, i) => {
    const r = v.object(item, `${path}[${i}]`);
    return v.compact({
      text: v.text(r.text, `${path}[${i}].text`, MAX_TOOL_TEXT),
      reasoning: v.optionalText(r.reasoning, `${path}[${i}].reasoning`, MAX_TOOL_TEXT),
      calls: optionalToolCalls(r.calls, `${path}[${i}].calls`) ?? [],
    });
  });
}
