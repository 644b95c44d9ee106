import type { ChatMessageInput, LLMRespondOpts, LMStudioClient } from '@lmstudio/sdk';
import { withSystemPrompt } from '../base';
import type { ChatImage, ChatMessage, ChatOptions, ResponseFormat } from '../../vocabulary/chat';

/**
 * The conversation as the SDK takes it: `{ role, content, images? }` with the system prompt as
 * the first (system) message. The SDK sends it as `history.messages[].content[]` text parts.
 *
 * The SDK's plain-input form has no `tool` role (a tool result needs a tool-call id Brook does
 * not keep), so a tool message travels as a user message that says what it is.
 * Images are uploaded first (`files.prepareImageBase64`, socket `/files`); the SDK then puts
 * file parts before the text part.
 */
export async function toSdkChat(
  client: LMStudioClient,
  messages: ChatMessage[],
  systemPrompt: string | undefined,
): Promise<ChatMessageInput[]> {
  const chat: ChatMessageInput[] = [];
  for (const message of withSystemPrompt(messages, systemPrompt)) {
    const role = message.role === 'tool' ? 'user' : message.role;
    const content = message.role === 'tool' ? `Tool result:\n${message.content}` : message.content;
    const input: ChatMessageInput = { role, content };
    if (message.images !== undefined && message.images.length > 0) {
      input.images = await Promise.all(
        message.images.map((image, index) =>
          client.files.prepareImageBase64(uploadName(image, index), image.base64),
        ),
      );
    }
    chat.push(input);
  }
  return chat;
}

/**
 * The name an image is uploaded under: LM Studio tells the file's type by its extension, so the
 * stem of the user's file (letters, digits, dots, dashes) with the extension of the bytes sent
 * (a WebP sent re-encoded as PNG is a .png).
 */
export function uploadName(image: ChatImage, index: number): string {
  const extension = image.mimeType === 'image/jpeg' ? 'jpg' : 'png';
  const stem = image.name
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return `${stem || `image-${index + 1}`}.${extension}`;
}

function structuredOutput(format: ResponseFormat): NonNullable<LLMRespondOpts['structured']> {
  // 'json' without a schema: any JSON object (LM Studio constrains output to the schema).
  return { type: 'json', jsonSchema: format === 'json' ? { type: 'object' } : format.schema };
}

/**
 * Brook's options under the SDK's names. The SDK turns them into `llm.prediction.*` KV fields
 * (temperature, maxPredictedTokens, topPSampling, stopStrings, structured). Not sent: `seed`
 * (no such field in SDK 1.5), `think` (LM Studio parses reasoning by itself) and `tools`
 * (the SDK's tool flow is `.act()`, which runs tools itself; Brook's chat does not).
 */
export function toSdkPredictionConfig(options: ChatOptions): LLMRespondOpts {
  const config: LLMRespondOpts = {};
  if (options.temperature !== undefined) config.temperature = Math.max(0, options.temperature);
  if (options.maxTokens !== undefined && options.maxTokens > 0)
    config.maxTokens = Math.floor(options.maxTokens);
  if (options.topP !== undefined) config.topPSampling = options.topP;
  if (options.stop !== undefined && options.stop.length > 0) config.stopStrings = options.stop;
  if (options.responseFormat !== undefined) config.structured = structuredOutput(options.responseFormat);
  return config;
}
