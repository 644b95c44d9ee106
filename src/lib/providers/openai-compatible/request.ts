import OpenAI from 'openai';
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions/completions';
import { withSystemPrompt } from '../base';
import type { ChatMessage, ChatOptions, ProviderConfig } from '../../vocabulary/chat';
import type { PresetId } from '../../vocabulary/servers';

/** The request body without `stream`, which each call sets. */
export type OpenAIChatBody = Omit<ChatCompletionCreateParamsBase, 'stream' | 'stream_options'>;

/**
 * A client for any OpenAI-compatible server (LM Studio, llama.cpp, vLLM, Ollama's /v1).
 * The package refuses to start without a key and would otherwise read OPENAI_API_KEY (and an
 * admin key, org and project) from the environment, which must never reach a local server:
 * everything is passed explicitly, and with no key no Authorization header is sent at all.
 */
export function openAIClient(config: ProviderConfig): OpenAI {
  const key = config.apiKey?.trim();
  return new OpenAI({
    baseURL: config.baseUrl,
    apiKey: key || 'no-key',
    adminAPIKey: null,
    organization: null,
    project: null,
    defaultHeaders: { ...WITHOUT_TELEMETRY_HEADERS, ...(key ? {} : { Authorization: null }) },
    dangerouslyAllowBrowser: true,
    // A local server that is down should say so at once, not after retries with backoff.
    maxRetries: 0,
  });
}

/**
 * The package's X-Stainless-* headers are non-simple headers a browser must get through the
 * CORS preflight; servers with a strict allow-list (Ollama had to add them to its own) would
 * refuse the request. A null default header removes it.
 */
const WITHOUT_TELEMETRY_HEADERS = Object.fromEntries(
  ['Lang', 'Package-Version', 'OS', 'Arch', 'Runtime', 'Runtime-Version', 'Retry-Count', 'Timeout'].map(
    (name) => [`X-Stainless-${name}`, null],
  ),
);

/**
 * Brook's options under the OpenAI names: system prompt as the first message, temperature,
 * max_tokens (what LM Studio, llama.cpp and vLLM all read), top_p, seed, stop,
 * response_format and tools. `think` has no OpenAI equivalent: the server decides.
 */
export function openAIChatBody(
  messages: ChatMessage[],
  options: ChatOptions,
  preset?: PresetId,
): OpenAIChatBody {
  const body = {
    messages: withSystemPrompt(messages, options.systemPrompt).map(toOpenAIMessage),
    ...(options.continueFinal ? continuationFields(preset) : {}),
  } as OpenAIChatBody;
  // With no model chosen, LM Studio answers with the loaded one; the field is left out.
  if (options.model !== undefined && options.model !== '') body.model = options.model;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.stop !== undefined && options.stop.length > 0) body.stop = options.stop;
  const format = options.responseFormat;
  if (format !== undefined) {
    // LM Studio rejects {type:"json_object"}; a schema of "any object" means the same and works everywhere.
    const schema = format === 'json' ? { type: 'object' } : format.schema;
    const name = format === 'json' ? 'response' : (format.name ?? 'response');
    body.response_format = { type: 'json_schema', json_schema: { name, schema } };
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    body.tools = options.tools.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  return body;
}

/**
 * What a server needs, besides the trailing assistant message, to carry that message on rather
 * than answer it: vLLM's pair (also read by llama.cpp server, which continues without it too),
 * text-generation-webui's `continue_`. Sent only to the presets servers/continuation.ts names.
 */
function continuationFields(preset: PresetId | undefined): Record<string, unknown> {
  if (preset === 'text-generation-webui') return { continue_: true };
  return { continue_final_message: true, add_generation_prompt: false };
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  if (message.role === 'user' && message.images !== undefined && message.images.length > 0) {
    const parts: ChatCompletionContentPart[] = [{ type: 'text', text: message.content }];
    for (const image of message.images) {
      parts.push({ type: 'image_url', image_url: { url: `data:${image.mimeType};base64,${image.base64}` } });
    }
    return { role: 'user', content: parts };
  }
  if (message.role === 'tool') {
    return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
  }
  if (message.role === 'assistant' && message.toolCalls !== undefined && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      // OpenAI allows no text beside tool calls as null; some servers reject an empty string.
      content: message.content === '' ? null : message.content,
      tool_calls: message.toolCalls.map((call, index) => ({
        id: call.id ?? `call_${index}`,
        type: 'function' as const,
        function: {
          name: call.name,
          arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
        },
      })),
    };
  }
  return { role: message.role, content: message.content };
}
