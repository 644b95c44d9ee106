import { Ollama, type ChatRequest, type Message, type Options, type Tool } from 'ollama/browser';
import { withSystemPrompt } from '../base';
import { keepAliveWire } from '../../servers/keep-alive';
import type { ChatMessage, ChatOptions, ToolCall } from '../../vocabulary/chat';

/**
 * Brook's options under Ollama's names (docs/api.md, /api/chat): the system prompt as the
 * first message, sampling settings in `options` (temperature, num_predict, top_p, seed, stop,
 * num_ctx), `think`, `keep_alive`, `format` ("json" or a JSON schema) and `tools`.
 */
export function ollamaChatRequest(messages: ChatMessage[], options: ChatOptions): ChatRequest {
  const request: ChatRequest = {
    // Ollama needs a model; an empty one gets its own "model is required" answer.
    model: options.model ?? '',
    messages: withSystemPrompt(messages, options.systemPrompt).map(toOllamaMessage),
  };
  const sampling: Partial<Options> = {};
  if (options.temperature !== undefined) sampling.temperature = options.temperature;
  if (options.maxTokens !== undefined) sampling.num_predict = options.maxTokens;
  if (options.topP !== undefined) sampling.top_p = options.topP;
  if (options.seed !== undefined) sampling.seed = options.seed;
  if (options.stop !== undefined && options.stop.length > 0) sampling.stop = options.stop;
  if (options.contextLength !== undefined) sampling.num_ctx = options.contextLength;
  if (Object.keys(sampling).length > 0) request.options = sampling;
  if (options.think !== undefined) request.think = options.think;
  const keepAlive = options.keepAlive === undefined ? undefined : keepAliveWire(options.keepAlive);
  if (keepAlive !== undefined) request.keep_alive = keepAlive;
  if (options.responseFormat !== undefined) {
    request.format = options.responseFormat === 'json' ? 'json' : options.responseFormat.schema;
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    request.tools = options.tools.map((tool): Tool => ({
      type: 'function',
      function: {
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters as NonNullable<Tool['function']['parameters']>,
      },
    }));
  }
  return request;
}

/**
 * One message under Ollama's names: an assistant turn's calls as `tool_calls` with the
 * arguments as an object, a tool result as `role: 'tool'` naming its tool in `tool_name`.
 */
function toOllamaMessage(message: ChatMessage): Message {
  const out: Message = { role: message.role, content: message.content };
  if (message.images !== undefined && message.images.length > 0)
    out.images = message.images.map((image) => image.base64);
  if (message.toolCalls !== undefined && message.toolCalls.length > 0) {
    out.tool_calls = message.toolCalls.map((call) => ({
      function: { name: call.name, arguments: argumentsObject(call.arguments) },
    }));
  }
  if (message.role === 'tool' && message.toolName !== undefined) out.tool_name = message.toolName;
  return out;
}

/** Ollama takes the arguments as an object; text that is not a JSON object goes as `{}`. */
function argumentsObject(args: ToolCall['arguments']): Record<string, unknown> {
  if (typeof args !== 'string') return args;
  try {
    const parsed: unknown = JSON.parse(args);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** An ollama-js client whose requests use one signal, and that shows the raw Response. */
export interface OllamaRequestClient {
  client: Ollama;
  /** The last response fetch returned (headers checked by ollama-js); its body is still unread. */
  response(): Response | undefined;
}

/**
 * A client for one request. ollama-js aborts streams only through its iterator and passes no
 * signal at all for non-streamed calls (chat with stream:false, list), so our `fetch` puts the
 * request's own signal on every call: aborting it closes exactly this request's connection,
 * even before the headers arrive. `onResponse` runs when the headers are in. A client costs a
 * URL parse, so one per request is cheap.
 */
export function ollamaClientFor(
  host: string,
  signal: AbortSignal,
  onResponse?: () => void,
): OllamaRequestClient {
  let last: Response | undefined;
  const requestFetch: typeof fetch = async (input, init) => {
    last = await fetch(input, { ...init, signal });
    onResponse?.();
    return last;
  };
  return { client: new Ollama({ host, fetch: requestFetch }), response: () => last };
}
