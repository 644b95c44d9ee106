/**
 * The calculator's lexer: numbers, names, operators and parentheses, nothing else. Every other
 * character is an error, so no input can reach anything but the evaluator's own tables.
 */

/** A problem with an expression, worded for the model (it reads the message and may retry). */
export class CalculatorError extends Error {
  override readonly name = 'CalculatorError';
}

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: Operator; at: number };

export type Operator = '+' | '-' | '*' | '/' | '^' | '%' | '(' | ')' | ',';

/** Longer input is refused before any work is done. */
export const MAX_EXPRESSION_LENGTH = 1000;

const OPERATORS = new Set<string>(['+', '-', '*', '/', '^', '%', '(', ')', ',']);
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z][A-Za-z0-9]*/;

export function tokenize(expression: string): Token[] {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new CalculatorError(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`);
  }
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const char = expression[at] as string;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      at += 1;
      continue;
    }
    const rest = expression.slice(at);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at });
      at += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', value: name[0].toLowerCase(), at });
      at += name[0].length;
      continue;
    }
    if (OPERATORS.has(char)) {
      tokens.push({ kind: 'op', value: char as Operator, at });
      at += 1;
      continue;
    }
    throw new CalculatorError(`Unexpected character "${char}" at position ${at + 1}.`);
  }
  return tokens;
}
