/**
 * Starts the real llama.cpp `llama-server` (built by scripts/real-server/ensure-llama-server.mjs)
 * with the tiny model, on 127.0.0.1 and a port the server picks itself (`--port 0`), and stops it.
 * Ready means the server logged the address it listens on, which it does only once the model is
 * loaded. Every server started here is killed when the test process exits.
 *
 * Slots debugging is on, so `/slots` shows the last task's prompt and generated text.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { findLlamaServer } from '../../scripts/real-server/llama-server-cache.mjs';

export interface LlamaServerOptions {
  /** Context size (`-c`). Small, so a too-long prompt is easy to write. */
  contextSize?: number;
  /** `--api-key`: requests without it get the server's 401. */
  apiKey?: string;
  /** More command-line arguments. */
  args?: string[];
}

export interface LlamaServerHandle {
  /** e.g. http://127.0.0.1:41234 (no /v1). */
  url: string;
  /** The server's log so far (stderr and stdout). */
  log(): string;
  /** SIGKILL now, as a crash would: no goodbye on open connections. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function paths() {
  const found = findLlamaServer();
  if (!found) {
    throw new Error(
      'llama-server is not built on this machine. `npm test` builds it (once); or run ' +
        '`node scripts/real-server/ensure-llama-server.mjs`.',
    );
  }
  return found;
}

export async function startLlamaServer(options: LlamaServerOptions = {}): Promise<LlamaServerHandle> {
  const { binary, model } = paths();
  const args = [
    '--model',
    model,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--ctx-size',
    String(options.contextSize ?? 2048),
    '--parallel',
    '1',
    '--threads',
    '1',
    '--no-webui',
    '--offline',
    ...(options.apiKey ? ['--api-key', options.apiKey] : []),
    ...(options.args ?? []),
  ];
  // LLAMA_SERVER_SLOTS_DEBUG makes /slots show each task's prompt and generated text.
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LLAMA_SERVER_SLOTS_DEBUG: '1' },
  });
  running.add(child);
  let log = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`llama-server did not start within ${READY_TIMEOUT_MS} ms:\n${log.slice(-4000)}`));
    }, READY_TIMEOUT_MS);
    const onData = (data: Buffer) => {
      log += data.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`llama-server exited (${code ?? signal}) before it was ready:\n${log.slice(-4000)}`));
    });
  });
  return {
    url,
    log: () => log,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
