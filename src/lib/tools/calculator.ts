import { CalculatorError, tokenize, type Operator, type Token } from './calculator-tokens';

export { CalculatorError, MAX_EXPRESSION_LENGTH } from './calculator-tokens';

/**
 * A safe arithmetic evaluator for the `calculate` tool: numbers, + - * / % ^, parentheses,
 * unary signs, the constants pi and e and a few Math functions. A recursive-descent parser over
 * the lexer's tokens computes as it parses; names resolve only through the Maps below (never
 * through an object, so `constructor` or `__proto__` are just unknown names), and there is no
 * eval or Function anywhere. Nesting is bounded so hostile input cannot exhaust the stack.
 *
 * Precedence, loosest first: + -, then * / %, then unary + -, then ^ (right-associative, so
 * 2^3^2 = 2^9 and -2^2 = -4, as in mathematics).
 */

const MAX_DEPTH = 100;

const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
]);

type MathFunction = { arity: number | 'any'; apply: (args: number[]) => number };
const one = (f: (x: number) => number): MathFunction => ({ arity: 1, apply: (args) => f(args[0] as number) });

const FUNCTIONS = new Map<string, MathFunction>([
  ['sqrt', one(Math.sqrt)],
  ['cbrt', one(Math.cbrt)],
  ['abs', one(Math.abs)],
  ['floor', one(Math.floor)],
  ['ceil', one(Math.ceil)],
  ['round', one(Math.round)],
  ['trunc', one(Math.trunc)],
  ['sin', one(Math.sin)],
  ['cos', one(Math.cos)],
  ['tan', one(Math.tan)],
  ['asin', one(Math.asin)],
  ['acos', one(Math.acos)],
  ['atan', one(Math.atan)],
  ['exp', one(Math.exp)],
  ['ln', one(Math.log)],
  ['log', one(Math.log10)],
  ['log10', one(Math.log10)],
  ['log2', one(Math.log2)],
  ['pow', { arity: 2, apply: (args) => (args[0] as number) ** (args[1] as number) }],
  ['min', { arity: 'any', apply: (args) => Math.min(...args) }],
  ['max', { arity: 'any', apply: (args) => Math.max(...args) }],
]);

/** The names `calculate` knows, for its tool description. */
export const CALCULATOR_FUNCTIONS = [...FUNCTIONS.keys()];

/** Evaluates an expression; throws CalculatorError with a readable reason when it cannot. */
export function calculate(expression: string): number {
  const parser = new Parser(tokenize(expression));
  const value = parser.parse();
  if (!Number.isFinite(value)) {
    throw new CalculatorError('The result is not a finite number (division by zero or overflow?).');
  }
  return value;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): number {
    if (this.tokens.length === 0) throw new CalculatorError('The expression is empty.');
    const value = this.sum();
    const extra = this.peek();
    if (extra) throw this.unexpected(extra);
    return value;
  }

  private sum(): number {
    let value = this.product();
    for (let op = this.peekOp(); op === '+' || op === '-'; op = this.peekOp()) {
      this.index += 1;
      const right = this.product();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  private product(): number {
    let value = this.unary();
    for (let op = this.peekOp(); op === '*' || op === '/' || op === '%'; op = this.peekOp()) {
      this.index += 1;
      const right = this.unary();
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  }

  private unary(): number {
    const op = this.peekOp();
    if (op === '+' || op === '-') {
      this.index += 1;
      const value = this.nested(() => this.unary());
      return op === '-' ? -value : value;
    }
    return this.power();
  }

  private power(): number {
    const base = this.primary();
    if (this.peekOp() !== '^') return base;
    this.index += 1;
    return base ** this.nested(() => this.unary());
  }

  private primary(): number {
    const token = this.next();
    if (token.kind === 'number') return token.value;
    if (token.kind === 'op') {
      if (token.value !== '(') throw this.unexpected(token);
      const value = this.nested(() => this.sum());
      this.expect(')');
      return value;
    }
    const constant = CONSTANTS.get(token.value);
    if (constant !== undefined) return constant;
    const fn = FUNCTIONS.get(token.value);
    if (fn === undefined) throw new CalculatorError(`Unknown name "${token.value}".`);
    return this.call(token.value, fn);
  }

  private call(name: string, fn: MathFunction): number {
    this.expect('(');
    const args: number[] = [];
    if (this.peekOp() !== ')') {
      args.push(this.nested(() => this.sum()));
      while (this.peekOp() === ',') {
        this.index += 1;
        args.push(this.nested(() => this.sum()));
      }
    }
    this.expect(')');
    if (fn.arity === 'any' ? args.length === 0 : args.length !== fn.arity) {
      const wanted = fn.arity === 'any' ? 'at least 1 argument' : `${fn.arity} argument(s)`;
      throw new CalculatorError(`${name}() takes ${wanted}, not ${args.length}.`);
    }
    return fn.apply(args);
  }

  private nested(parse: () => number): number {
    this.depth += 1;
    if (this.depth > MAX_DEPTH)
      throw new CalculatorError(`The expression nests deeper than ${MAX_DEPTH} levels.`);
    try {
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private peekOp(): Operator | undefined {
    const token = this.peek();
    return token?.kind === 'op' ? token.value : undefined;
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token === undefined) throw new CalculatorError('The expression ends too early.');
    this.index += 1;
    return token;
  }

  private expect(op: Operator): void {
    const token = this.next();
    if (token.kind !== 'op' || token.value !== op) throw this.unexpected(token, `"${op}"`);
  }

  private unexpected(token: Token, wanted?: string): CalculatorError {
    const seen = token.kind === 'number' ? String(token.value) : token.value;
    const hint = wanted ? `, expected ${wanted}` : '';
    return new CalculatorError(`Unexpected "${seen}" at position ${token.at + 1}${hint}.`);
  }
}
