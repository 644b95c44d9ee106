import { describe, expect, it } from 'vitest';
import {
  formatNumberField,
  formatStopSequences,
  parseJsonSchema,
  parseNumberField,
  parseStopSequences,
} from '../../src/lib/components/settings-input';

describe('number fields', () => {
  const temperature = { min: 0, max: 2 };
  it('empty means the server default; valid numbers pass, scaled for storage', () => {
    expect(parseNumberField('', temperature)).toEqual({ ok: true, value: undefined });
    expect(parseNumberField('   ', temperature)).toEqual({ ok: true, value: undefined });
    expect(parseNumberField(' 0.7 ', temperature)).toEqual({ ok: true, value: 0.7 });
    expect(parseNumberField('30', { min: 0, max: 86_400, scale: 1000 })).toEqual({ ok: true, value: 30_000 });
    expect(formatNumberField(30_000, { min: 0, max: 86_400, scale: 1000 })).toBe('30');
    expect(formatNumberField(undefined, temperature)).toBe('');
  });

  it('says what to fix instead of silently clamping', () => {
    expect(parseNumberField('abc', temperature)).toEqual({
      ok: false,
      error: 'Enter a number, or leave it empty.',
    });
    expect(parseNumberField('Infinity', temperature)).toMatchObject({ ok: false });
    expect(parseNumberField('3', temperature)).toEqual({ ok: false, error: 'Enter a value from 0 to 2.' });
    expect(parseNumberField('-0.1', temperature)).toMatchObject({ ok: false });
    expect(parseNumberField('12.5', { min: 1, max: 1_000_000, integer: true })).toEqual({
      ok: false,
      error: 'Enter a whole number.',
    });
    expect(parseNumberField('0', { min: 1, max: 1_000_000, integer: true })).toEqual({
      ok: false,
      error: 'Enter a value from 1 to 1,000,000.',
    });
  });
});

describe('stop sequences', () => {
  it('one per line, empty lines dropped, \\n and \\t as escapes, duplicates once', () => {
    expect(parseStopSequences('')).toEqual({ ok: true, value: undefined });
    expect(parseStopSequences('END\n\n###\\n\nEND')).toEqual({ ok: true, value: ['END', '###\n'] });
    expect(parseStopSequences(' spaced ')).toEqual({ ok: true, value: [' spaced '] });
    expect(formatStopSequences(['END', '###\n', 'a\tb'])).toBe('END\n###\\n\na\\tb');
  });

  it('refuses too many or too long sequences', () => {
    expect(parseStopSequences('a\nb\nc\nd\ne\nf\ng\nh\ni')).toEqual({
      ok: false,
      error: 'At most 8 stop sequences.',
    });
    expect(parseStopSequences('x'.repeat(201))).toMatchObject({ ok: false });
  });
});

describe('JSON schema', () => {
  it('accepts a JSON object and keeps the text as written', () => {
    const text = '{ "type": "object", "properties": { "city": { "type": "string" } } }';
    expect(parseJsonSchema(`  ${text}\n`)).toEqual({ ok: true, value: text });
  });

  it('explains what is wrong', () => {
    expect(parseJsonSchema('')).toEqual({
      ok: false,
      error: 'Enter a JSON schema, e.g. {"type": "object"}.',
    });
    const broken = parseJsonSchema('{"type": "object",}');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^This is not valid JSON: /);
    for (const notObject of ['[]', '"object"', '42', 'null']) {
      expect(parseJsonSchema(notObject)).toEqual({
        ok: false,
        error: 'The schema must be a JSON object, e.g. {"type": "object"}.',
      });
    }
    expect(parseJsonSchema(`{"a":"${'x'.repeat(100_000)}"}`)).toMatchObject({ ok: false });
  });
});
