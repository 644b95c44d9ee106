import { ollamaImages } from './image-checks';
import {
  holdOpen,
  responseSink,
  sendJson,
  sendRawBody,
  sendScenarioError,
  type HttpExchange,
} from './http-base';
import {
  DEFAULT_FAIL_MESSAGE,
  estimatePromptTokens,
  pause,
  playScenario,
  scriptedTokens,
  tokenCounts,
  type FrameFormat,
} from './http-pacing';
import { findModel, type OllamaModelEntry } from './ollama-emulator-models';
import type { Scenario } from './scenario';

/**
 * POST /api/chat as Ollama answers it (server/routes.go ChatHandler, streamResponse;
 * docs/api.md). Streaming (the default) is `application/x-ndjson`, one object per line, the
 * last with `done: true`, `done_reason` and the stats; a failure after the first line is an
 * `{"error":"…"}` line. `stream: false` gives one JSON object. Errors before any output are
 * JSON `{"error":"…"}` with 400 (bad request, no model) or 404 (`model 'x' not found`).
 * (protocols.md quotes `model "x" not found, try pulling it first`: current Ollama sends that
 * only from its scheduler; ChatHandler's own check answers `model 'x' not found`.)
 *
 * Stats are deterministic so tests can check the provider's arithmetic: load 5 ms, prompt
 * evaluation 1 ms per prompt token, generation 25 ms per token (40 tokens/s), in nanoseconds.
 */

const NS_PER_MS = 1_000_000;
const LOAD_NS = 5 * NS_PER_MS;
const PROMPT_NS_PER_TOKEN = 1 * NS_PER_MS;
const EVAL_NS_PER_TOKEN = 25 * NS_PER_MS;

type Json = Record<string, unknown>;

export async function handleOllamaChat(
  exchange: HttpExchange,
  models: readonly OllamaModelEntry[],
): Promise<void> {
  const { res, seen, scenario } = exchange;
  if (scenario.httpError) return sendScenarioError(res, scenario.httpError);
  if (scenario.rawBody) {
    return exchange.recordOutcome(await sendRawBody(res, scenario.rawBody, 'application/x-ndjson'));
  }
  const body = seen.body;
  if (body === '') return sendJson(res, 400, { error: 'missing request body' });
  if (typeof body !== 'object' || body === null)
    return sendJson(res, 400, { error: 'invalid character in request body' });
  const request = body as Json;
  const model = typeof request['model'] === 'string' ? request['model'] : '';
  if (model === '') return sendJson(res, 400, { error: 'model is required' });
  if (findModel(models, model) === undefined)
    return sendJson(res, 404, { error: `model '${model}' not found` });
  const images = ollamaImages(request['messages']);
  if ('error' in images) return sendJson(res, images.status, { error: images.error });
  if (scenario.neverAnswer) {
    await holdOpen(res);
    return exchange.recordOutcome('gone');
  }

  const stats = statsFor(scenario, estimatePromptTokens(request['messages']));
  if (request['stream'] === false) return answerWhole(exchange, model, stats);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/x-ndjson');
  exchange.recordOutcome(
    await playScenario(scenario, responseSink(res), ndjsonFormat(model, scenario, stats)),
  );
}

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function ndjsonFormat(model: string, scenario: Scenario, stats: Json): FrameFormat {
  const head = (): Json => ({ model, created_at: new Date().toISOString() });
  return {
    token: (token) =>
      line({
        ...head(),
        message:
          token.kind === 'reasoning'
            ? { role: 'assistant', content: '', thinking: token.text }
            : { role: 'assistant', content: token.text },
        done: false,
      }),
    error: (message) => line({ error: message }),
    malformed: () => `{"model":"${model}","created_at":\n`,
    closing: () => {
      const frames: string[] = [];
      const calls = toolCallsOf(scenario);
      if (calls.length > 0) {
        frames.push(
          line({ ...head(), message: { role: 'assistant', content: '', tool_calls: calls }, done: false }),
        );
      }
      frames.push(
        line({ ...head(), message: { role: 'assistant', content: '' }, ...doneFields(scenario, stats) }),
      );
      return frames;
    },
  };
}

function toolCallsOf(scenario: Scenario): Json[] {
  return (scenario.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    function: { index, name: call.name, arguments: call.arguments },
  }));
}

function doneFields(scenario: Scenario, stats: Json): Json {
  return { done: true, done_reason: scenario.finishReason ?? 'stop', ...stats };
}

function statsFor(scenario: Scenario, promptTokens: number): Json {
  const counts = tokenCounts(scenario);
  const evalCount = counts.reasoning + counts.answer;
  const promptNs = promptTokens * PROMPT_NS_PER_TOKEN;
  const evalNs = evalCount * EVAL_NS_PER_TOKEN;
  // A first-token delay stands for the model loading, as it mostly is on Ollama: reported as such.
  const loadNs = scenario.firstTokenDelayMs ? scenario.firstTokenDelayMs * NS_PER_MS : LOAD_NS;
  // Go's omitempty leaves zero counts out.
  const stats: Json = { total_duration: loadNs + promptNs + evalNs, load_duration: loadNs };
  stats['prompt_eval_count'] = promptTokens;
  stats['prompt_eval_duration'] = promptNs;
  if (evalCount > 0) {
    stats['eval_count'] = evalCount;
    stats['eval_duration'] = evalNs;
  }
  return stats;
}

/** stream:false — the whole answer in one object, after the time the tokens would have taken. */
async function answerWhole(exchange: HttpExchange, model: string, stats: Json): Promise<void> {
  const { res, scenario } = exchange;
  const sink = responseSink(res);
  const tokens = scriptedTokens(scenario);
  await pause(
    (scenario.firstTokenDelayMs ?? 0) + (scenario.tokenDelayMs ?? 0) * Math.max(0, tokens.length - 1),
    sink,
  );
  if (scenario.dropAfterTokens !== undefined) return sink.destroy();
  if (scenario.stallAfterTokens !== undefined) return holdOpen(res);
  if (scenario.failAfterTokens !== undefined) {
    return sendJson(res, 500, { error: scenario.failMessage ?? DEFAULT_FAIL_MESSAGE });
  }
  if (scenario.malformedAfterTokens !== undefined) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(`{"model":"${model}","created_at":`);
    return;
  }
  const message: Json = { role: 'assistant', content: joined(tokens, 'answer') };
  const thinking = joined(tokens, 'reasoning');
  if (thinking !== '') message['thinking'] = thinking;
  const calls = toolCallsOf(scenario);
  if (calls.length > 0) message['tool_calls'] = calls;
  sendJson(res, 200, {
    model,
    created_at: new Date().toISOString(),
    message,
    ...doneFields(scenario, stats),
  });
}

function joined(tokens: ReturnType<typeof scriptedTokens>, kind: 'answer' | 'reasoning'): string {
  return tokens
    .filter((token) => token.kind === kind)
    .map((token) => token.text)
    .join('');
}
