import { describe, expect, it } from 'vitest';
import { jsonAnswerMarkdown } from '../../src/lib/components/json-answer';

describe('a JSON answer as markdown', () => {
  it('while streaming, each update only appends (the incremental renderer keeps its work)', () => {
    const answer = '{"city": "Oslo", "tags": ["fjord", "capital"], "population": 709037}';
    let previous = jsonAnswerMarkdown('', true);
    for (let end = 1; end <= answer.length; end += 1) {
      const next = jsonAnswerMarkdown(answer.slice(0, end), true);
      expect(next.startsWith(previous)).toBe(true);
      previous = next;
    }
    expect(previous).toBe('```json\n' + answer);
  });

  it('finished: pretty-printed when it parses, raw when it does not, fence closed', () => {
    expect(jsonAnswerMarkdown('{"a":1,"b":[true,null]}', false)).toBe(
      '```json\n{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}\n```\n',
    );
    expect(jsonAnswerMarkdown('{"a": 1, "b": ', false)).toBe('```json\n{"a": 1, "b": \n```\n');
  });

  it('backticks inside the JSON cannot close the fence early', () => {
    const markdown = jsonAnswerMarkdown('{"code": "```js\\nx\\n````"}', false);
    expect(markdown.startsWith('`````json\n')).toBe(true);
    expect(markdown.endsWith('\n`````\n')).toBe(true);
  });
});
