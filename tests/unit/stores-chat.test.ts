import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { ProviderError } from '../../src/lib/providers/errors';
import { recoveryKey } from '../../src/lib/persistence/recovery';
import { closeAll, MapStorage, startHarness, until } from './stores-harness';

afterEach(closeAll);

describe('chat store against the real worker core', () => {
  it('goes waiting → streaming → idle and keeps the whole answer, saved', async () => {
    const { brook, provider, repo } = await startHarness();
    const { chat, conversations } = brook;
    await conversations.updateActive({ model: 'llama3.2' });
    expect(await chat.send('Hi there')).toBe(true);
    expect(get(chat).status).toBe('waiting');
    expect(get(chat.live)?.text).toBe('');

    provider.text('Hel', 'lo');
    await until(chat.live, (a) => a?.text === 'Hello');
    expect(get(chat).status).toBe('streaming');

    provider.text('!');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    expect(get(chat.live)).toBeNull();

    const messages = get(conversations).messages;
    expect(messages.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'Hi there', 'complete'],
      ['assistant', 'Hello!', 'complete'],
    ]);
    const answer = messages[1]!;
    expect(answer.stats?.completionTokens).toBe(3);
    expect(answer.stats?.tokensPerSecond).toBe(42);
    expect(answer.stats?.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
    // Its timeline: waiting, then answering to the end; the rate counts the server's 3 tokens.
    expect(answer.timeline?.phases.at(-1)?.kind).toBe('answering');
    expect(answer.timeline?.phases.at(-1)?.endMs).toBe(answer.timeline?.endMs);
    expect(answer.timeline?.rate.tokens.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 1);
    expect(answer.timeline?.firstTokenMs).toBe(answer.stats?.timeToFirstTokenMs);
    expect(provider.calls[0]?.options.model).toBe('llama3.2');
    expect(get(conversations).active.title).toBe('Hi there');

    await until(chat, () => true);
    const saved = await repo.listMessages(answer.conversationId);
    await expect.poll(async () => (await repo.getMessage(answer.id))?.status).toBe('complete');
    expect(saved.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect((await repo.listConversations())[0]?.title).toBe('Hi there');
  });

  it('shows prompt processing progress while waiting for the first token', async () => {
    const { brook, provider } = await startHarness();
    const { chat } = brook;
    await chat.send('A long prompt');
    provider.push({ type: 'prompt-progress', progress: 0.4 });
    await until(chat.live, (a) => a?.promptProgress === 0.4);
    expect(get(chat).status).toBe('waiting');
    provider.text('Go');
    await until(chat, (s) => s.status === 'streaming');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
  });

  it('stops mid-answer: aborts the provider, keeps the partial text marked stopped', async () => {
    const { brook, provider, repo } = await startHarness();
    const { chat, conversations } = brook;
    await chat.send('Tell me a story');
    provider.text('Once', ' upon');
    await until(chat.live, (a) => a?.text === 'Once upon');
    chat.stop();
    await until(chat, (s) => s.status === 'idle');
    expect(provider.lastSignal?.aborted).toBe(true);
    const answer = get(conversations).messages.at(-1)!;
    expect(answer).toMatchObject({ role: 'assistant', content: 'Once upon', status: 'stopped' });
    expect(get(chat).announcement).toMatch(/Stopped/);
    await expect.poll(async () => (await repo.getMessage(answer.id))?.content).toBe('Once upon');
    expect((await repo.getMessage(answer.id))?.status).toBe('stopped');

    // The next answer starts clean.
    await chat.send('Again');
    provider.text('Fresh');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    expect(get(conversations).messages.at(-1)?.content).toBe('Fresh');
  });

  it('a failure keeps the partial text, marks it failed and says what to do', async () => {
    const { brook, provider } = await startHarness();
    const { chat, conversations } = brook;
    await chat.send('Hello');
    provider.text('Part');
    await until(chat.live, (a) => a?.text === 'Part');
    provider.push(
      new ProviderError('stream-broken', 'The connection dropped mid-answer.', { provider: 'ollama' }),
    );
    const state = await until(chat, (s) => s.status === 'error');
    expect(state.lastError?.message).toBe('The connection dropped mid-answer.');
    const answer = get(conversations).messages.at(-1)!;
    expect(answer).toMatchObject({ content: 'Part', status: 'failed', finishReason: 'error' });
    expect(answer.error?.kind).toBe('stream-broken');
    expect(state.announcement).toMatch(/failed/i);
  });

  it('a server that cannot be reached gets a hint naming what to start or check', async () => {
    const { brook, provider } = await startHarness();
    const { chat, conversations } = brook;
    const lmstudio = brook.settings.addServer({
      kind: 'lmstudio-rest',
      name: 'LM Studio',
      url: 'http://127.0.0.1:1234/v1',
    });
    await conversations.updateActive({ server: lmstudio.id! });
    await chat.send('Hello');
    provider.push(new ProviderError('connection', 'Could not connect.', { corsSuspected: true }));
    const state = await until(chat, (s) => s.status === 'error');
    expect(state.lastError?.hint).toMatch(/Enable CORS|--cors/);
    expect(get(conversations).messages.at(-1)?.error?.corsSuspected).toBe(true);
  });

  it('regenerate replaces the last answer and resends the history up to the last question', async () => {
    const { brook, provider } = await startHarness();
    const { chat, conversations } = brook;
    await chat.send('Question');
    provider.text('First');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    const firstId = get(conversations).messages.at(-1)!.id;

    expect(await chat.regenerate()).toBe(true);
    provider.text('Second');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    const messages = get(conversations).messages;
    expect(messages.map((m) => m.content)).toEqual(['Question', 'Second']);
    expect(messages.some((m) => m.id === firstId)).toBe(false);
    expect(provider.calls[1]?.messages).toEqual([{ role: 'user', content: 'Question' }]);
  });

  it('sends the system prompt and model settings with the history', async () => {
    const { brook, provider } = await startHarness();
    const { chat, conversations } = brook;
    await conversations.updateActive({
      settings: { systemPrompt: 'Be brief.', temperature: 0.2, maxTokens: 64, firstTokenTimeoutMs: 5000 },
    });
    await chat.send('One');
    provider.text('A');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    await chat.send('Two');
    await expect.poll(() => provider.calls.length).toBe(2);
    const call = provider.calls[1]!;
    expect(call.options).toMatchObject({ systemPrompt: 'Be brief.', temperature: 0.2, maxTokens: 64 });
    expect(call.messages.map((m) => m.content)).toEqual(['One', 'A', 'Two']);
    chat.stop();
    await until(chat, (s) => s.status === 'idle');
  });

  it('saves the partial answer when the page hides, and recovers it after the tab closes', async () => {
    const first = await startHarness();
    const { chat } = first.brook;
    await chat.send('Long answer please');
    first.provider.text('Saved ', 'before ', 'closing');
    await until(chat.live, (a) => a?.text === 'Saved before closing');
    const id = get(chat).messageId!;

    chat.persistNow('hidden');
    await expect.poll(async () => (await first.repo.getMessage(id))?.content).toBe('Saved before closing');
    expect((await first.repo.getMessage(id))?.status).toBe('streaming');

    first.provider.text(' and more');
    await until(chat.live, (a) => a?.text.endsWith('and more') ?? false);
    chat.persistNow('closing');
    expect(first.local.getItem(recoveryKey(id))).toContain('and more');
    first.close();

    // A new page with the same storage: the answer is there, marked interrupted.
    const second = await startHarness({ repo: first.repo, local: first.local });
    const recovered = await second.repo.getMessage(id);
    expect(recovered).toMatchObject({ content: 'Saved before closing and more', status: 'interrupted' });
    expect(second.local.getItem(recoveryKey(id))).toBeNull();
    expect(get(second.brook.conversations).messages.at(-1)?.status).toBe('interrupted');
  });

  it('a failing save shows a clear message while the answer stays on screen', async () => {
    const quota = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const harness = await startHarness();
    const repo = harness.repo;
    repo.putMessage = async () => {
      throw quota;
    };
    const { chat, conversations, storage } = harness.brook;
    await chat.send('Hello');
    harness.provider.text('Still here');
    harness.provider.finish();
    await until(chat, (s) => s.status === 'idle');
    await until(storage, (message) => message !== null);
    expect(get(storage)).toMatch(/storage is full.*copy it/);
    expect(get(conversations).messages.at(-1)?.content).toBe('Still here');
  });

  it('lists models through the worker and reports a connection check', async () => {
    const { brook, provider } = await startHarness({ local: new MapStorage() });
    const result = await brook.connections.refresh('ollama');
    expect(result.status).toBe('ok');
    expect(result.models.map((m) => m.id)).toEqual(['llama3.2', 'qwen3']);
    provider.listModels = async () => {
      throw new ProviderError('connection', 'Could not connect to Ollama at http://127.0.0.1:11434.');
    };
    const failed = await brook.connections.refresh('ollama');
    expect(failed.status).toBe('error');
    expect(failed.error?.message).toMatch(/Could not connect/);
    expect(failed.error?.hint).toMatch(/ollama serve|check the URL/);
  });
});
