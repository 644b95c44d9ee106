import { afterEach, describe, expect, it } from 'vitest';
import { get } from 'svelte/store';
import type { StreamEvent } from '../../src/lib/vocabulary/chat';
import { MAX_TOOL_ROUNDS } from '../../src/lib/stores/tool-rounds';
import { closeAll, startHarness, until, type Harness } from './stores-harness';

afterEach(closeAll);

const callCalculate = (expression: string, id?: string): StreamEvent => ({
  type: 'tool-call',
  call: { ...(id ? { id } : {}), name: 'calculate', arguments: { expression } },
});
const finishWithCalls: StreamEvent = { type: 'finish', reason: 'tool-calls', stats: {} };

async function withTools(tools: string[] | undefined): Promise<Harness> {
  const harness = await startHarness();
  await harness.brook.conversations.updateActive({
    model: 'llama3.2',
    settings: { systemPrompt: '', ...(tools ? { tools } : {}) },
  });
  return harness;
}

describe('the agent loop in the chat store', () => {
  it('runs an enabled tool, sends its result back and shows the final answer after the round', async () => {
    const { brook, provider, repo } = await withTools(['calculate', 'get_current_time']);
    const { chat, conversations } = brook;
    await chat.send('What is 6 times 7?');
    provider.push(callCalculate('6*7', 'call_x'), finishWithCalls);
    await expect.poll(() => provider.calls.length).toBe(2);

    // The second request carries the call and its result after the question.
    const second = provider.calls[1]!;
    expect(second.messages).toEqual([
      { role: 'user', content: 'What is 6 times 7?' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_x', name: 'calculate', arguments: '{"expression":"6*7"}' }],
      },
      {
        role: 'tool',
        content: '{"expression":"6*7","result":42}',
        toolCallId: 'call_x',
        toolName: 'calculate',
      },
    ]);
    expect(second.options.tools?.map((tool) => tool.name)).toEqual(['get_current_time', 'calculate']);

    provider.text('It is ', '42.');
    provider.finish();
    await until(chat, (s) => s.status === 'idle');
    const answer = get(conversations).messages.at(-1)!;
    expect(answer).toMatchObject({ role: 'assistant', content: 'It is 42.', status: 'complete' });
    expect(answer.toolRounds).toEqual([
      {
        text: '',
        calls: [
          {
            id: 'call_x',
            name: 'calculate',
            arguments: '{"expression":"6*7"}',
            result: '{"expression":"6*7","result":42}',
          },
        ],
      },
    ]);
    expect(answer.toolCalls).toBeUndefined();
    await expect.poll(async () => (await repo.getMessage(answer.id))?.toolRounds?.length).toBe(1);

    // The next question sends the whole history, the tool round included.
    await chat.send('Thanks');
    await expect.poll(() => provider.calls.length).toBe(3);
    expect(provider.calls[2]?.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
  });

  it('names calls that come without an id and answers unknown tools with an error result', async () => {
    const { brook, provider } = await withTools(['calculate']);
    await brook.chat.send('Go');
    provider.push(
      { type: 'text', text: 'Let me check.' },
      callCalculate('1+1'),
      { type: 'tool-call', call: { name: 'delete_files', arguments: '{}' } },
      finishWithCalls,
    );
    await expect.poll(() => provider.calls.length).toBe(2);
    const [, assistant, first, second] = provider.calls[1]!.messages;
    expect(assistant).toMatchObject({ role: 'assistant', content: 'Let me check.' });
    expect(assistant?.toolCalls?.map((call) => call.id)).toEqual(['call_0_0', 'call_0_1']);
    expect(first).toMatchObject({
      role: 'tool',
      toolCallId: 'call_0_0',
      content: '{"expression":"1+1","result":2}',
    });
    expect(second).toMatchObject({
      role: 'tool',
      toolCallId: 'call_0_1',
      toolName: 'delete_files',
      content: '{"error":"There is no tool named \\"delete_files\\" here."}',
    });
    provider.text('Done');
    provider.finish();
    await until(brook.chat, (s) => s.status === 'idle');
    const answer = get(brook.conversations).messages.at(-1)!;
    expect(answer.toolRounds?.[0]?.text).toBe('Let me check.');
    expect(answer.toolRounds?.[0]?.calls[1]?.failed).toBe(true);
  });

  it('with no tools enabled, shows the calls without running them', async () => {
    const { brook, provider } = await withTools(undefined);
    await brook.chat.send('Go');
    expect(provider.calls[0]?.options.tools).toBeUndefined();
    provider.push(callCalculate('2+2', 'c1'), finishWithCalls);
    await until(brook.chat, (s) => s.status === 'idle');
    expect(provider.calls).toHaveLength(1);
    const answer = get(brook.conversations).messages.at(-1)!;
    expect(answer.toolCalls).toEqual([{ id: 'c1', name: 'calculate', arguments: '{"expression":"2+2"}' }]);
    expect(answer.toolRounds).toBeUndefined();
  });

  it(`stops after ${MAX_TOOL_ROUNDS} rounds, keeping the last calls unrun`, async () => {
    const { brook, provider } = await withTools(['calculate']);
    await brook.chat.send('Loop forever');
    for (let round = 1; round <= MAX_TOOL_ROUNDS + 1; round += 1) {
      await expect.poll(() => provider.calls.length).toBe(round);
      provider.push(callCalculate(`${round}+1`), finishWithCalls);
    }
    await until(brook.chat, (s) => s.status === 'idle');
    expect(provider.calls).toHaveLength(MAX_TOOL_ROUNDS + 1);
    const answer = get(brook.conversations).messages.at(-1)!;
    expect(answer.toolRounds).toHaveLength(MAX_TOOL_ROUNDS);
    expect(answer.toolCalls?.map((call) => call.arguments)).toEqual([
      `{"expression":"${MAX_TOOL_ROUNDS + 1}+1"}`,
    ]);
    expect(answer.status).toBe('complete');
  });

  it('Stop during a later round cancels that request and ends the loop, keeping the rounds', async () => {
    const { brook, provider } = await withTools(['calculate']);
    await brook.chat.send('Go');
    provider.push(callCalculate('3*3'), finishWithCalls);
    await expect.poll(() => provider.calls.length).toBe(2);
    provider.text('Nine is');
    await until(brook.chat.live, (a) => a?.text === 'Nine is');
    brook.chat.stop();
    await until(brook.chat, (s) => s.status === 'idle');
    expect(provider.lastSignal?.aborted).toBe(true);
    // Nothing is sent after the stop, even with more tool calls queued.
    provider.push(callCalculate('1'), finishWithCalls);
    expect(provider.calls).toHaveLength(2);
    const answer = get(brook.conversations).messages.at(-1)!;
    expect(answer).toMatchObject({ content: 'Nine is', status: 'stopped' });
    expect(answer.toolRounds).toHaveLength(1);
  });
});
