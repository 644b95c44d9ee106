// Makes sure a real llama.cpp `llama-server` and a tiny model are on this machine for the
// real-server tests, building them when missing: node-llama-cpp's npm package carries llama.cpp's
// source as a git bundle, CMake builds only the server (about 9 minutes on 2 cores, once per
// machine), and tiny-model.mjs writes the model. CMake, a C++ compiler, git and tar come from
// Debian's packages, installed when missing and running as root (as for Chromium).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CMAKE_OPTIONS, NODE_LLAMA_CPP_VERSION, llamaServerPaths } from './llama-server-cache.mjs';
import { writeTinyModel } from './tiny-model.mjs';

const TOOLS = [
  { command: 'cmake', pkg: 'cmake' },
  { command: 'g++', pkg: 'g++' },
  { command: 'make', pkg: 'make' },
  { command: 'git', pkg: 'git' },
  { command: 'tar', pkg: 'tar' },
];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureBuildTools() {
  const missing = TOOLS.filter((tool) => !has(tool.command));
  if (missing.length === 0) return;
  const pkgs = missing.map((tool) => tool.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `The real-server tests build llama.cpp and need ${pkgs.join(', ')}. Install them with:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${pkgs.join(' ')}`,
    );
  }
  console.log(`Installing ${pkgs.join(', ')} for the llama.cpp build (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'inherit', env });
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

/** Builds llama-server into the cache; a half-done build never looks finished (renamed at the end). */
function buildServer(paths) {
  ensureBuildTools();
  mkdirSync(paths.dir, { recursive: true });
  const work = mkdtempSync(join(paths.dir, 'work-'));
  try {
    const started = Date.now();
    console.log(
      `Building llama.cpp's llama-server from node-llama-cpp@${NODE_LLAMA_CPP_VERSION} (once per machine)…`,
    );
    run('npm', ['pack', `node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`, '--silent'], {
      cwd: work,
      stdio: 'ignore',
    });
    const tarball = join(work, `node-llama-cpp-${NODE_LLAMA_CPP_VERSION}.tgz`);
    run('tar', ['-xzf', tarball, '-C', work, 'package/llama/gitRelease.bundle']);
    const source = join(work, 'llama.cpp');
    const bundle = join(work, 'package/llama/gitRelease.bundle');
    run('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', bundle, source]);
    const build = join(source, 'build');
    run('cmake', ['-S', source, '-B', build, ...CMAKE_OPTIONS], { stdio: ['ignore', 'ignore', 'inherit'] });
    const jobs = String(Math.max(1, cpus().length));
    run('cmake', ['--build', build, '--target', 'llama-server', '-j', jobs]);
    copyFileSync(join(source, 'models/ggml-vocab-llama-spm.gguf'), `${paths.vocab}.part`);
    renameSync(`${paths.vocab}.part`, paths.vocab);
    copyFileSync(join(build, 'bin/llama-server'), `${paths.binary}.part`);
    renameSync(`${paths.binary}.part`, paths.binary);
    console.log(`llama-server built in ${Math.round((Date.now() - started) / 1000)} s: ${paths.binary}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The server binary and the model, built or written when missing. */
export function ensureLlamaServer() {
  const paths = llamaServerPaths();
  if (!existsSync(paths.binary) || !existsSync(paths.vocab)) buildServer(paths);
  if (!existsSync(paths.model)) {
    writeTinyModel({ vocabPath: paths.vocab, outPath: `${paths.model}.part` });
    renameSync(`${paths.model}.part`, paths.model);
    console.log(`Tiny model written: ${paths.model}`);
    // Models written by an earlier version of the generator are of no further use.
    for (const file of readdirSync(paths.dir)) {
      if (/^brook-tiny-.*\.gguf$/.test(file) && join(paths.dir, file) !== paths.model)
        rmSync(join(paths.dir, file));
    }
  }
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const paths = ensureLlamaServer();
  console.log(`llama-server: ${paths.binary}\nmodel: ${paths.model}`);
}
