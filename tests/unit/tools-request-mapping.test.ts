import { afterEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleProvider } from '../../src/lib/providers/openai-compatible/provider';
import { OllamaProvider } from '../../src/lib/providers/ollama/provider';
import type { ChatMessage } from '../../src/lib/vocabulary/chat';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { collect } from '../emulators/http-test-helpers';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';

/**
 * A conversation with one tool round, sent through the real client libraries: the wire names
 * each server expects for the assistant's calls and the tool results (checked against
 * node_modules/ollama `Message`/`ToolCall` and node_modules/openai
 * `ChatCompletionAssistantMessageParam`/`ChatCompletionToolMessageParam`).
 */
const ROUND: ChatMessage[] = [
  { role: 'user', content: 'What is 6 times 7?' },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: 'call_a', name: 'calculate', arguments: '{"expression":"6*7"}' }],
  },
  { role: 'tool', content: '{"result":42}', toolCallId: 'call_a', toolName: 'calculate' },
  {
    role: 'assistant',
    content: 'Checking the time too.',
    toolCalls: [{ name: 'get_current_time', arguments: {} }],
  },
  {
    role: 'tool',
    content: '{"iso":"2025-01-01T00:00:00.000Z"}',
    toolCallId: 'call_b',
    toolName: 'get_current_time',
  },
];

let emulator: HttpEmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const bodiesAt = (path: string) =>
  (emulator?.requests ?? []).filter((r) => r.path === path).map((r) => r.body as Record<string, unknown>);

describe('tool rounds on the wire', () => {
  it('Ollama: assistant tool_calls with object arguments, tool messages with tool_name; num_ctx', async () => {
    emulator = await startOllamaEmulator();
    const provider = new OllamaProvider({ baseUrl: emulator.url });
    emulator.script({ tokens: ['42'] });
    await collect(
      provider.events(ROUND, {
        model: 'llama3.2',
        signal: new AbortController().signal,
        contextLength: 8192,
      }),
    );
    const [body] = bodiesAt('/api/chat');
    expect(body?.['options']).toEqual({ num_ctx: 8192 });
    expect(body?.['messages']).toEqual([
      { role: 'user', content: 'What is 6 times 7?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'calculate', arguments: { expression: '6*7' } } }],
      },
      { role: 'tool', content: '{"result":42}', tool_name: 'calculate' },
      {
        role: 'assistant',
        content: 'Checking the time too.',
        tool_calls: [{ function: { name: 'get_current_time', arguments: {} } }],
      },
      { role: 'tool', content: '{"iso":"2025-01-01T00:00:00.000Z"}', tool_name: 'get_current_time' },
    ]);
  });

  it('OpenAI-compatible: assistant tool_calls with id, type and string arguments, tool_call_id; no num_ctx', async () => {
    emulator = await startLMStudioRestEmulator();
    const provider = new OpenAICompatibleProvider({ baseUrl: emulator.url });
    emulator.script({ tokens: ['42'] });
    await collect(
      provider.events(ROUND, {
        model: 'qwen2.5-7b-instruct',
        signal: new AbortController().signal,
        contextLength: 8192,
      }),
    );
    const [body] = bodiesAt('/v1/chat/completions');
    expect(body).not.toHaveProperty('num_ctx');
    expect(body?.['messages']).toEqual([
      { role: 'user', content: 'What is 6 times 7?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'calculate', arguments: '{"expression":"6*7"}' },
          },
        ],
      },
      { role: 'tool', content: '{"result":42}', tool_call_id: 'call_a' },
      {
        role: 'assistant',
        content: 'Checking the time too.',
        tool_calls: [
          { id: 'call_0', type: 'function', function: { name: 'get_current_time', arguments: '{}' } },
        ],
      },
      { role: 'tool', content: '{"iso":"2025-01-01T00:00:00.000Z"}', tool_call_id: 'call_b' },
    ]);
  });
});
