/**
 * POST /api/pull, DELETE /api/delete and load/unload through an empty POST /api/generate, as
 * Ollama answers them (server/routes.go PullHandler, DeleteHandler, GenerateHandler;
 * server/images.go PullModel). A pull is always a 200 NDJSON stream: "pulling manifest", then
 * per layer `{"status":"pulling <id>","digest","total","completed"}` lines, "verifying sha256
 * digest", "writing manifest", "success"; any failure after the headers is an `{"error":…}` line
 * (a name the registry does not have: "pull model manifest: file does not exist"). Closing the
 * connection stops the download; its bytes stay for the next pull of that name.
 */
import { holdOpen, responseSink, sendJson, type HttpExchange } from './http-base';
import { pause } from './http-pacing';
import type { OllamaLibrary } from './ollama-emulator-library';

const DISK_FULL = 'write /root/.ollama/models/blobs/sha256-partial: no space left on device';

function requestedName(body: unknown): string {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const name = record['model'] ?? record['name'];
  return typeof name === 'string' ? name : '';
}

export async function handleOllamaPull(exchange: HttpExchange, library: OllamaLibrary): Promise<void> {
  const { res, seen } = exchange;
  if (seen.body === '') return sendJson(res, 400, { error: 'missing request body' });
  const name = requestedName(seen.body);
  if (name === '') return sendJson(res, 400, { error: 'invalid model name' });
  const script = library.pullScript;
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  const sink = responseSink(res);
  const send = (value: unknown) => sink.write(`${JSON.stringify(value)}\n`);
  await send({ status: 'pulling manifest' });
  const model = library.inRegistry(name);
  if (!model) {
    await send({ error: 'pull model manifest: file does not exist' });
    sink.end();
    return exchange.recordOutcome('finished');
  }
  library.pullStarts.push({
    model: model.entry.name,
    resumedBytes: model.layers.reduce((sum, layer) => sum + library.partialBytes(layer.digest), 0),
  });
  const steps = Math.max(1, script.steps ?? 4);
  let written = 0;
  for (const layer of model.layers) {
    const from = library.partialBytes(layer.digest);
    for (let step = 1; step <= steps; step++) {
      if (sink.isGone) return exchange.recordOutcome('gone');
      if (written === script.failAfterSteps) {
        await send({ error: script.failMessage ?? DISK_FULL });
        sink.end();
        return exchange.recordOutcome('failed');
      }
      if (written === script.malformedAfterSteps) await sink.write('{"status":"pulling\n');
      if (written === script.dropAfterSteps) {
        sink.destroy();
        return exchange.recordOutcome('dropped');
      }
      if (written === script.holdAfterSteps) {
        await holdOpen(res);
        return exchange.recordOutcome('gone');
      }
      const completed = Math.round(from + ((layer.size - from) * step) / steps);
      library.setPartial(layer.digest, completed);
      await send({
        status: `pulling ${layer.digest.slice(7, 19)}`,
        digest: layer.digest,
        total: layer.size,
        completed,
      });
      written++;
      await pause(script.stepDelayMs ?? 0, sink);
    }
  }
  await send({ status: 'verifying sha256 digest' });
  await send({ status: 'writing manifest' });
  library.finishPull(model);
  await send({ status: 'success' });
  sink.end();
  exchange.recordOutcome('finished');
}

export function handleOllamaDelete(exchange: HttpExchange, library: OllamaLibrary): void {
  const { res, seen } = exchange;
  const name = requestedName(seen.body);
  if (name === '') return sendJson(res, 400, { error: 'model is required' });
  if (!library.remove(name)) return sendJson(res, 404, { error: `model '${name}' not found` });
  res.writeHead(200, { 'Content-Length': 0 });
  res.end();
}

/** An empty /api/generate: loads the model, or with keep_alive 0 unloads it. Prompts are not emulated. */
export function handleOllamaGenerate(exchange: HttpExchange, library: OllamaLibrary): void {
  const { res, seen } = exchange;
  const body = (typeof seen.body === 'object' && seen.body !== null ? seen.body : {}) as Record<
    string,
    unknown
  >;
  const name = requestedName(body);
  if (name === '') return sendJson(res, 400, { error: 'model is required' });
  const model = library.find(name);
  if (!model) return sendJson(res, 404, { error: `model '${name}' not found` });
  if (typeof body['prompt'] === 'string' && body['prompt'] !== '')
    return sendJson(res, 501, { error: 'the emulator answers only an empty prompt (load/unload)' });
  library.use('/api/generate', model.name, body['keep_alive']);
  const unload = body['keep_alive'] === 0 || body['keep_alive'] === '0' || body['keep_alive'] === '0s';
  sendJson(res, 200, {
    model: model.name,
    created_at: new Date().toISOString(),
    response: '',
    done: true,
    done_reason: unload ? 'unload' : 'load',
  });
}
