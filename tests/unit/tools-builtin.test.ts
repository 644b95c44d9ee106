import { describe, expect, it } from 'vitest';
import { BUILTIN_TOOLS, runToolCall, toolDefinitions } from '../../src/lib/tools/builtin-tools';
import { currentTime } from '../../src/lib/tools/current-time';

const ALL = BUILTIN_TOOLS.map((tool) => tool.name);
const parsed = (result: string): unknown => JSON.parse(result);

describe('built-in tools', () => {
  it('offers only the enabled tools, with a JSON schema of their arguments', () => {
    expect(toolDefinitions(['calculate', 'rm_rf']).map((tool) => tool.name)).toEqual(['calculate']);
    const [calculator] = toolDefinitions(['calculate']);
    expect(calculator?.parameters).toMatchObject({ type: 'object', required: ['expression'] });
    expect(toolDefinitions([])).toEqual([]);
  });

  it('calculate: runs with object or JSON-text arguments and reports the result as JSON', () => {
    const fromObject = runToolCall({ name: 'calculate', arguments: { expression: '6 * 7' } }, ALL);
    expect(fromObject).toEqual({ result: '{"expression":"6 * 7","result":42}', failed: false });
    const fromText = runToolCall({ name: 'calculate', arguments: '{"expression":"0.1 + 0.2"}' }, ALL);
    expect(parsed(fromText.result)).toEqual({ expression: '0.1 + 0.2', result: 0.3 });
  });

  it('calculate: bad input from the model becomes an error result, never a throw', () => {
    const cases: [unknown, RegExp][] = [
      [{ expression: 'constructor' }, /Unknown name "constructor"/],
      [{ expression: 42 }, /expression must be text/],
      [{}, /expression must be text/],
      [{ expression: '1/0' }, /not a finite number/],
      [{ expression: 'x'.repeat(100_000) }, /longer than 1000 characters/],
      ['{"expression":', /not valid JSON/],
      ['[1,2]', /must be a JSON object/],
      ['{"__proto__":{"expression":"1"}}', /expression must be text/],
    ];
    for (const [args, message] of cases) {
      const outcome = runToolCall(
        { name: 'calculate', arguments: args as Record<string, unknown> | string },
        ALL,
      );
      expect(outcome.failed).toBe(true);
      expect((parsed(outcome.result) as { error: string }).error).toMatch(message);
    }
  });

  it('refuses tools that are unknown or not enabled in the conversation', () => {
    const off = runToolCall({ name: 'calculate', arguments: { expression: '1' } }, ['get_current_time']);
    expect(off).toEqual({ result: '{"error":"There is no tool named \\"calculate\\" here."}', failed: true });
    expect(runToolCall({ name: 'constructor', arguments: {} }, ALL).failed).toBe(true);
    expect(runToolCall({ name: '__proto__', arguments: {} }, ALL).failed).toBe(true);
  });

  it('get_current_time: the instant in ISO 8601 with the time zone and its offset', () => {
    const now = new Date('2025-07-01T12:34:56.789Z');
    const outcome = runToolCall({ name: 'get_current_time', arguments: {} }, ALL, now);
    expect(outcome.failed).toBe(false);
    const time = parsed(outcome.result) as Record<string, string>;
    expect(time['iso']).toBe('2025-07-01T12:34:56.789Z');
    expect(time['timeZone']).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(time['utcOffset']).toMatch(/^[+-]\d\d:\d\d$/);

    const paris = runToolCall(
      { name: 'get_current_time', arguments: '{"time_zone":"Europe/Paris"}' },
      ALL,
      now,
    );
    expect(parsed(paris.result)).toEqual({
      iso: '2025-07-01T12:34:56.789Z',
      local: '2025-07-01T14:34:56+02:00',
      timeZone: 'Europe/Paris',
      utcOffset: '+02:00',
      weekday: 'Tuesday',
    });
    const bad = runToolCall({ name: 'get_current_time', arguments: { time_zone: 'Mars/Olympus' } }, ALL, now);
    expect(bad).toEqual({ result: '{"error":"Unknown time zone \\"Mars/Olympus\\"."}', failed: true });
  });

  it('currentTime: offsets west of UTC and across midnight', () => {
    const time = currentTime(new Date('2025-01-01T02:00:00Z'), 'America/New_York');
    expect(time.local).toBe('2024-12-31T21:00:00-05:00');
    expect(time.weekday).toBe('Tuesday');
    expect(currentTime(new Date('2025-01-01T02:00:00Z'), 'Asia/Kolkata').utcOffset).toBe('+05:30');
  });
});
