import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import type { ConversationSettings, MessageRecord } from '../../src/lib/vocabulary/records';
import { responseFormatOf, toChatMessages, toGenerationSettings } from '../../src/lib/stores/request-builder';
import { attachChatWorker, type PortLike } from '../../src/lib/workers/chat-worker-core';
import { ChatClient, type ClientPort } from '../../src/lib/workers/chat-client';
import type { ServerTarget } from '../../src/lib/workers/protocol';
import type { HttpEmulatorHandle } from '../emulators/http-base';
import { startLMStudioRestEmulator } from '../emulators/lmstudio-rest-emulator';
import { startOllamaEmulator } from '../emulators/ollama-emulator';

/**
 * Conversation settings all the way to the wire: the request builder, the chat worker core and
 * the real provider and client library, against the emulators. Empty settings send nothing.
 */
const SCHEMA = '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}';
const FULL: ConversationSettings = {
  systemPrompt: 'Be brief.',
  temperature: 0.4,
  maxTokens: 128,
  topP: 0.8,
  seed: 11,
  stop: ['END', ''],
  think: false,
  contextLength: 8192,
  responseFormat: 'json-schema',
  jsonSchema: SCHEMA,
  tools: ['calculate', 'not_a_tool'],
  firstTokenTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
};
const QUESTION: MessageRecord[] = [
  {
    id: 'q',
    conversationId: 'c',
    seq: 0,
    role: 'user',
    content: 'Where?',
    createdAt: 0,
    updatedAt: 0,
    status: 'complete',
  },
];

const channels: MessageChannel[] = [];
let emulator: HttpEmulatorHandle | undefined;
afterEach(async () => {
  for (const channel of channels.splice(0)) channel.port1.close();
  await emulator?.close();
  emulator = undefined;
});

/** Sends one question through the real worker core and waits for the answer to complete. */
async function sendThroughWorker(provider: ServerTarget, model: string, settings: ConversationSettings) {
  const channel = new MessageChannel();
  channels.push(channel);
  attachChatWorker(channel.port2 as unknown as PortLike);
  const client = new ChatClient(channel.port1 as unknown as ClientPort);
  await new Promise<void>((resolve, reject) => {
    client.send(
      {
        server: provider,
        model,
        messages: toChatMessages(QUESTION),
        settings: toGenerationSettings(settings),
      },
      {
        onChunk: () => undefined,
        onComplete: () => resolve(),
        onError: (error) => reject(new Error(error.message)),
      },
    );
  });
}

describe('conversation settings on the wire', () => {
  it('Ollama: options, think, format schema and tools under Ollama names', async () => {
    emulator = await startOllamaEmulator();
    emulator.script({ tokens: ['{"city":"Oslo"}'] });
    await sendThroughWorker(
      { id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: emulator.url },
      'llama3.2',
      FULL,
    );
    const body = emulator.requests.find((r) => r.path === '/api/chat')?.body as Record<string, unknown>;
    expect(body['options']).toEqual({
      temperature: 0.4,
      num_predict: 128,
      top_p: 0.8,
      seed: 11,
      stop: ['END'],
      num_ctx: 8192,
    });
    expect(body['think']).toBe(false);
    expect(body['format']).toEqual(JSON.parse(SCHEMA));
    expect((body['tools'] as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
      'calculate',
    ]);
    expect(body['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where?' },
    ]);
  });

  it('OpenAI-compatible: the same settings under OpenAI names; think and context length stay out', async () => {
    emulator = await startLMStudioRestEmulator();
    emulator.script({ tokens: ['{"city":"Oslo"}'] });
    await sendThroughWorker(
      { id: 'lmstudio-rest', kind: 'lmstudio-rest', name: 'Test server', baseUrl: emulator.url },
      'qwen2.5-7b-instruct',
      FULL,
    );
    const body = emulator.requests.find((r) => r.path === '/v1/chat/completions')?.body as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      temperature: 0.4,
      max_tokens: 128,
      top_p: 0.8,
      seed: 11,
      stop: ['END'],
      response_format: { type: 'json_schema', json_schema: { name: 'response', schema: JSON.parse(SCHEMA) } },
    });
    expect((body['tools'] as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
      'calculate',
    ]);
    expect(body).not.toHaveProperty('think');
    expect(body).not.toHaveProperty('num_ctx');
  });

  it('empty settings send no options at all (the server decides)', async () => {
    emulator = await startOllamaEmulator();
    emulator.script({ tokens: ['ok'] });
    await sendThroughWorker(
      { id: 'ollama', kind: 'ollama', name: 'Test server', baseUrl: emulator.url },
      'llama3.2',
      {
        systemPrompt: '  ',
      },
    );
    const body = emulator.requests.find((r) => r.path === '/api/chat')?.body;
    expect(body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'Where?' }],
      stream: true,
    });
  });
});

describe('response format setting', () => {
  it('text sends none, JSON any JSON, a schema when it parses (else any JSON)', () => {
    expect(responseFormatOf({ systemPrompt: '' })).toBeUndefined();
    expect(responseFormatOf({ systemPrompt: '', responseFormat: 'json' })).toBe('json');
    expect(responseFormatOf({ systemPrompt: '', responseFormat: 'json-schema', jsonSchema: SCHEMA })).toEqual(
      {
        schema: JSON.parse(SCHEMA),
      },
    );
    expect(responseFormatOf({ systemPrompt: '', responseFormat: 'json-schema' })).toBe('json');
    expect(responseFormatOf({ systemPrompt: '', responseFormat: 'json-schema', jsonSchema: '[1]' })).toBe(
      'json',
    );
    expect(responseFormatOf({ systemPrompt: '', responseFormat: 'json-schema', jsonSchema: '{' })).toBe(
      'json',
    );
  });
});
