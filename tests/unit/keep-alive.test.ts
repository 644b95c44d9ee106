// keep_alive from the chat's settings to Ollama's wire: what the form accepts, how it is sent
// (bare numbers as seconds, durations as text), and that stored and imported values are checked.
import { describe, expect, it } from 'vitest';
import { keepAliveProblem, keepAliveWire } from '../../src/lib/servers/keep-alive';
import { ollamaChatRequest } from '../../src/lib/providers/ollama/request';
import { toGenerationSettings } from '../../src/lib/stores/request-builder';
import { parseConversationDefaults } from '../../src/lib/stores/settings-parse';
import { parseConversationImport } from '../../src/lib/persistence/import-conversation';

describe('keep-alive', () => {
  it('accepts Go durations, seconds, -1 and 0, and says what to write otherwise', () => {
    for (const ok of ['', '30s', '5m', '1h30m', '-1', '0', '300', '2.5h', '-1m'])
      expect(keepAliveProblem(ok), ok).toBeUndefined();
    for (const bad of ['forever', '5 min', '1d', 'm5', '--1'])
      expect(keepAliveProblem(bad), bad).toMatch(/30s, 5m or 1h, -1/);
  });

  it('sends bare numbers as seconds (Go refuses "-1" as a duration) and durations as text', () => {
    expect(keepAliveWire('-1')).toBe(-1);
    expect(keepAliveWire(' 300 ')).toBe(300);
    expect(keepAliveWire('0')).toBe(0);
    expect(keepAliveWire('10m')).toBe('10m');
    expect(keepAliveWire('')).toBeUndefined();
    expect(keepAliveWire('forever')).toBeUndefined();
    const signal = new AbortController().signal;
    const messages = [{ role: 'user' as const, content: 'hi' }];
    expect(ollamaChatRequest(messages, { signal, model: 'm', keepAlive: '-1' }).keep_alive).toBe(-1);
    expect(ollamaChatRequest(messages, { signal, model: 'm', keepAlive: '1h' }).keep_alive).toBe('1h');
    expect(ollamaChatRequest(messages, { signal, model: 'm' })).not.toHaveProperty('keep_alive');
  });

  it('goes from the chat settings to the worker, trimmed, and not at all when empty', () => {
    expect(toGenerationSettings({ systemPrompt: '', keepAlive: ' 30m ' }).keepAlive).toBe('30m');
    expect(toGenerationSettings({ systemPrompt: '', keepAlive: '  ' })).not.toHaveProperty('keepAlive');
  });

  it('keeps a stored default only when it is valid, and refuses an import with a bad one', () => {
    expect(parseConversationDefaults({ keepAlive: '1h' }).keepAlive).toBe('1h');
    expect(parseConversationDefaults({ keepAlive: 'forever' })).not.toHaveProperty('keepAlive');
    const file = (keepAlive: unknown) =>
      JSON.stringify({
        format: 'brook.conversation',
        version: 1,
        conversation: { title: 'T', server: 'ollama', settings: { systemPrompt: '', keepAlive } },
        messages: [{ role: 'user', content: 'Hi' }],
      });
    const good = parseConversationImport(file('-1'));
    expect(good.ok && good.conversation.settings.keepAlive).toBe('-1');
    const bad = parseConversationImport(file('<script>'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('keepAlive');
  });
});
