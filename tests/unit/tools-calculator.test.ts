import { describe, expect, it } from 'vitest';
import { calculate, CalculatorError, MAX_EXPRESSION_LENGTH } from '../../src/lib/tools/calculator';

const rejects = (expression: string): string => {
  try {
    calculate(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(CalculatorError);
    return (error as Error).message;
  }
  throw new Error(`"${expression.slice(0, 40)}" was accepted`);
};

describe('calculate', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['2 ^ 10', 1024],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['2 ^ -1', 0.5],
    ['--3', 3],
    ['+4 - -4', 8],
    ['1.5e3 + .5', 1500.5],
    ['sqrt(16) + abs(-3)', 7],
    ['max(1, 7, 3) - min(4, 2)', 5],
    ['pow(3, 3)', 27],
    ['round(2.5) + floor(2.7) + ceil(2.1)', 8],
    ['log(1000) + ln(e) + log2(8)', 7],
    ['  6*7  ', 42],
    ['SQRT(9)', 3],
  ])('%s = %d', (expression, expected) => {
    expect(calculate(expression)).toBeCloseTo(expected, 10);
  });

  it('knows pi and the trigonometric functions', () => {
    expect(calculate('sin(pi / 2)')).toBeCloseTo(1, 12);
    expect(calculate('cos(0) + tan(0)')).toBe(1);
  });

  it('rejects names that would reach object prototypes or globals', () => {
    expect(rejects('constructor')).toBe('Unknown name "constructor".');
    expect(rejects('constructor(1)')).toBe('Unknown name "constructor".');
    expect(rejects('toString()')).toBe('Unknown name "tostring".');
    expect(rejects('valueOf')).toBe('Unknown name "valueof".');
    expect(rejects('hasOwnProperty(1)')).toBe('Unknown name "hasownproperty".');
    expect(rejects('__proto__')).toMatch(/^Unexpected character "_"/);
    expect(rejects('Math.PI')).toMatch(/^Unexpected character "\."/);
    expect(rejects('alert(1)')).toBe('Unknown name "alert".');
    expect(rejects('globalThis')).toBe('Unknown name "globalthis".');
  });

  it('rejects code and anything that is not arithmetic', () => {
    expect(rejects('1; 2')).toMatch(/^Unexpected character ";"/);
    expect(rejects('"1" + 1')).toMatch(/^Unexpected character """/);
    expect(rejects('[1] + 1')).toMatch(/^Unexpected character "\["/);
    expect(rejects('x => x')).toMatch(/^Unexpected character "="/);
    expect(rejects('x')).toBe('Unknown name "x".');
    expect(rejects('2 ** 3')).toBe('Unexpected "*" at position 4.');
    expect(rejects('`1`')).toMatch(/^Unexpected character "`"/);
    expect(rejects('１+1')).toMatch(/^Unexpected character/);
  });

  it('explains malformed expressions', () => {
    expect(rejects('')).toBe('The expression is empty.');
    expect(rejects('   ')).toBe('The expression is empty.');
    expect(rejects('1 +')).toBe('The expression ends too early.');
    expect(rejects('(1 + 2')).toBe('The expression ends too early.');
    expect(rejects('1 + 2)')).toBe('Unexpected ")" at position 6.');
    expect(rejects('2 3')).toBe('Unexpected "3" at position 3.');
    expect(rejects('sqrt 4')).toBe('Unexpected "4" at position 6, expected "(".');
    expect(rejects('sqrt(1, 2)')).toBe('sqrt() takes 1 argument(s), not 2.');
    expect(rejects('max()')).toBe('max() takes at least 1 argument, not 0.');
    expect(rejects('pi(2)')).toBe('Unexpected "(" at position 3.');
  });

  it('refuses results that are not finite numbers', () => {
    expect(rejects('1 / 0')).toMatch(/not a finite number/);
    expect(rejects('0 / 0')).toMatch(/not a finite number/);
    expect(rejects('10 ^ 400')).toMatch(/not a finite number/);
    expect(rejects('1e400')).toMatch(/not a finite number/);
    expect(rejects('sqrt(-1)')).toMatch(/not a finite number/);
  });

  it('refuses very long input before doing any work', () => {
    const long = '1+'.repeat(MAX_EXPRESSION_LENGTH) + '1';
    expect(rejects(long)).toBe(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`);
    expect(rejects('9'.repeat(1_000_000))).toMatch(/longer than/);
  });

  it('refuses deep nesting cleanly instead of overflowing the stack', () => {
    expect(rejects('('.repeat(400) + '1' + ')'.repeat(400))).toMatch(/nests deeper than 100 levels/);
    expect(rejects('-'.repeat(900) + '1')).toMatch(/nests deeper than 100 levels/);
    expect(rejects('2^'.repeat(300) + '1')).toMatch(/nests deeper than 100 levels/);
    // Long but flat expressions are fine.
    expect(calculate('1+'.repeat(400) + '1')).toBe(401);
  });
});
