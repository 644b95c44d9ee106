/**
 * Store-level races found by the reliability tests, through the real worker core: a Stop pressed
 * while the question is still being saved must not be lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import { closeAll, startHarness, until } from './stores-harness';

afterEach(() => closeAll());

describe('stop right after send', () => {
  it('a stop pressed before the request went out still stops it: nothing streams afterwards', async () => {
    const { brook, provider } = await startHarness();
    const { chat, conversations } = brook;
    const sent = chat.send('Tell me a long story');
    // The question is still being saved (send has not reached the worker yet).
    expect(get(chat).status).toBe('waiting');
    chat.stop();
    await sent;
    await until(chat, (s) => s.status === 'idle');
    provider.text('too', ' late');
    const answer = get(conversations).messages.at(-1);
    expect(answer).toMatchObject({ role: 'assistant', content: '', status: 'stopped' });
    expect(provider.lastSignal?.aborted ?? true).toBe(true);
  });
});
