/** The context gauge in words: its label, where the limit comes from, and what to do when it is full. */
import type { ContextSource, ContextUsage } from '../stores/context-usage';
import type { ServerKind } from '../vocabulary/servers';

const SOURCES: Record<ContextSource, string> = {
  chat: "this chat's context length",
  loaded: 'the context the model was loaded with',
  'server-default': "Ollama's default context (set one in this chat's settings)",
  model: "the model's longest context",
};

const number = (n: number) => n.toLocaleString('en');

/** "1,234 / 4,096 tokens" (with "about" when part of it is estimated). */
export function gaugeLabel(usage: ContextUsage): string {
  return `${usage.estimated ? '~' : ''}${number(usage.used)} / ${number(usage.limit.tokens)} tokens`;
}

export function gaugeTitle(usage: ContextUsage): string {
  const how = usage.estimated
    ? 'estimated from the text since the last answer'
    : 'as the server counted the last answer';
  return `Context used: ${number(usage.used)} of ${number(usage.limit.tokens)} tokens (${how}); the limit is ${SOURCES[usage.limit.source]}.`;
}

function raiseStep(kind: ServerKind | undefined): string {
  if (kind === 'ollama') return "raise the context length in this chat's settings";
  if (kind === 'openai-compatible')
    return 'restart the server with a larger context (llama-server --ctx-size)';
  return 'load the model with a longer context length';
}

/** What the composer says when the next message would not fit, or is close to the end. */
export function contextWarning(usage: ContextUsage, kind: ServerKind | undefined): string {
  const figures = `about ${number(usage.next)} of ${number(usage.limit.tokens)} tokens with this message and room for its answer`;
  const steps = `Start a new chat, ${raiseStep(kind)}, or delete older messages.`;
  return usage.level === 'over'
    ? `The next message may not fit in the model's context (${figures}). ${steps}`
    : `This chat is close to the end of the model's context (${figures}). ${steps}`;
}
