// Where the real llama.cpp server and its tiny model live on this machine: outside the clone, keyed
// by everything that changes them, so only the first `npm test` on a machine pays for the build.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** node-llama-cpp ships llama.cpp's source as a git bundle; this is the version we build. */
export const NODE_LLAMA_CPP_VERSION = '3.22.1';

/** CMake options: a portable CPU build of the server alone, nothing fetched at build time. */
export const CMAKE_OPTIONS = Object.freeze([
  '-DCMAKE_BUILD_TYPE=Release',
  '-DGGML_NATIVE=OFF',
  '-DGGML_OPENMP=OFF',
  '-DBUILD_SHARED_LIBS=OFF',
  '-DLLAMA_BUILD_TESTS=OFF',
  '-DLLAMA_BUILD_EXAMPLES=OFF',
  '-DLLAMA_BUILD_TOOLS=ON',
  '-DLLAMA_BUILD_SERVER=ON',
  '-DLLAMA_BUILD_APP=OFF',
  '-DLLAMA_BUILD_UI=OFF',
  '-DLLAMA_USE_PREBUILT_UI=OFF',
  '-DLLAMA_OPENSSL=OFF',
]);

export function cacheRoot() {
  return (
    process.env.BROOK_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'brook')
  );
}

function shortHash(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** The model's key covers the writer's code, so changing the generator makes a new model. */
function modelKey() {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const code = ['gguf.mjs', 'tiny-model.mjs', '../lib/seeded-random.mjs']
    .map((f) => readFileSync(join(here, f), 'utf8'))
    .join('\n');
  return shortHash(code);
}

/**
 * The cached files: the server binary, the vocab GGUF copied out of the same source, and the model.
 * @returns {{ dir: string, binary: string, vocab: string, model: string, buildLog: string }}
 */
export function llamaServerPaths() {
  const dir = join(
    cacheRoot(),
    'llama-server',
    `node-llama-cpp-${NODE_LLAMA_CPP_VERSION}-${shortHash(CMAKE_OPTIONS.join(' '))}`,
  );
  return {
    dir,
    binary: join(dir, 'llama-server'),
    vocab: join(dir, 'ggml-vocab-llama-spm.gguf'),
    model: join(dir, `brook-tiny-${modelKey()}.gguf`),
    buildLog: join(dir, 'build.log'),
  };
}

/** Paths of a ready server and model, or null when `ensureLlamaServer()` has not run here. */
export function findLlamaServer() {
  const paths = llamaServerPaths();
  return existsSync(paths.binary) && existsSync(paths.model) ? paths : null;
}
