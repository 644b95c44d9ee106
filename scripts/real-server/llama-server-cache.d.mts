// Types for llama-server-cache.mjs, for the TypeScript test helpers that start the server.
export declare const NODE_LLAMA_CPP_VERSION: string;
export declare const CMAKE_OPTIONS: readonly string[];
export declare function cacheRoot(): string;
export interface LlamaServerPaths {
  dir: string;
  binary: string;
  vocab: string;
  model: string;
  buildLog: string;
}
export declare function llamaServerPaths(): LlamaServerPaths;
export declare function findLlamaServer(): LlamaServerPaths | null;
