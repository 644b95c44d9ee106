import type { ToolCall, ToolDefinition } from '../vocabulary/chat';
import { calculate, CALCULATOR_FUNCTIONS, CalculatorError, MAX_EXPRESSION_LENGTH } from './calculator';
import { currentTime } from './current-time';

/**
 * Brook's built-in tools: small, local and safe (no network, no storage, no code execution),
 * so a model can use them from a browser-only app. A conversation enables them by name.
 */
export type BuiltinToolName = 'get_current_time' | 'calculate';

export interface BuiltinTool {
  name: BuiltinToolName;
  /** For the settings form. */
  label: string;
  summary: string;
  definition: ToolDefinition;
  /** Runs with the model's (untrusted) arguments; throws ToolInputError for bad input. */
  run(args: Record<string, unknown>, now: Date): unknown;
}

/** Bad arguments from the model: reported back to it as the tool's error. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

export const BUILTIN_TOOLS: readonly BuiltinTool[] = [
  {
    name: 'get_current_time',
    label: 'Current time',
    summary: 'The date, time and time zone of this device.',
    definition: {
      name: 'get_current_time',
      description:
        'Get the current date and time (ISO 8601) and the time zone of the user. Optionally in another IANA time zone.',
      parameters: {
        type: 'object',
        properties: {
          time_zone: { type: 'string', description: 'An IANA time zone such as "Europe/Paris" (optional).' },
        },
      },
    },
    run(args, now) {
      const zone = args['time_zone'];
      if (zone === undefined || zone === null || zone === '') return currentTime(now);
      if (typeof zone !== 'string' || zone.length > 100) throw new ToolInputError('time_zone must be text.');
      try {
        return currentTime(now, zone);
      } catch {
        throw new ToolInputError(`Unknown time zone "${zone}".`);
      }
    },
  },
  {
    name: 'calculate',
    label: 'Calculator',
    summary: 'Arithmetic: + − × ÷ ^ %, parentheses and common math functions.',
    definition: {
      name: 'calculate',
      description:
        'Evaluate an arithmetic expression exactly. Supports numbers, + - * / % ^ (power), parentheses, ' +
        `the constants pi and e, and the functions ${CALCULATOR_FUNCTIONS.join(', ')}.`,
      parameters: {
        type: 'object',
        properties: {
          expression: { type: 'string', description: 'For example "(2 + 3) * 4 ^ 2" or "sqrt(2) / 2".' },
        },
        required: ['expression'],
      },
    },
    run(args) {
      const expression = args['expression'];
      if (typeof expression !== 'string') throw new ToolInputError('expression must be text.');
      if (expression.length > MAX_EXPRESSION_LENGTH) {
        throw new ToolInputError(`The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`);
      }
      try {
        // 15 significant digits: what a double holds reliably (0.1 + 0.2 gives 0.3).
        return { expression, result: Number(calculate(expression).toPrecision(15)) };
      } catch (error) {
        if (error instanceof CalculatorError) throw new ToolInputError(error.message);
        throw error;
      }
    },
  },
];

const BY_NAME = new Map<string, BuiltinTool>(BUILTIN_TOOLS.map((tool) => [tool.name, tool]));

export function isBuiltinToolName(name: string): name is BuiltinToolName {
  return BY_NAME.has(name);
}

/** The definitions to offer the model for the enabled names (unknown names are skipped). */
export function toolDefinitions(enabled: readonly string[]): ToolDefinition[] {
  return BUILTIN_TOOLS.filter((tool) => enabled.includes(tool.name)).map((tool) => tool.definition);
}

/** What running one call gave: the text sent back to the model, and whether it is an error. */
export interface ToolOutcome {
  result: string;
  failed: boolean;
}

/** Runs one call of the model if its tool is enabled; every failure becomes an error result. */
export function runToolCall(call: ToolCall, enabled: readonly string[], now = new Date()): ToolOutcome {
  const tool = BY_NAME.get(call.name);
  if (tool === undefined || !enabled.includes(call.name)) {
    return failure(`There is no tool named "${call.name}" here.`);
  }
  let args: Record<string, unknown>;
  try {
    args = argumentsOf(call);
  } catch (error) {
    return failure(error instanceof Error ? error.message : String(error));
  }
  try {
    return { result: JSON.stringify(tool.run(args, now)), failed: false };
  } catch (error) {
    if (error instanceof ToolInputError) return failure(error.message);
    return failure(`The tool failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function failure(message: string): ToolOutcome {
  return { result: JSON.stringify({ error: message }), failed: true };
}

function argumentsOf(call: ToolCall): Record<string, unknown> {
  if (typeof call.arguments !== 'string') return call.arguments;
  if (call.arguments.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    throw new ToolInputError('The arguments are not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ToolInputError('The arguments must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}
