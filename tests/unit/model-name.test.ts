import { describe, expect, it } from 'vitest';
import { modelLabel, modelName } from '../../src/lib/components/model-details';

describe('modelName: a model as people read it', () => {
  it('a model file path (llama-server without --alias) reads as the file name', () => {
    expect(modelName('/home/me/models/Qwen3-8B-Q4_K_M.gguf')).toBe('Qwen3-8B-Q4_K_M');
    expect(modelName('C:\\models\\phi-4-mini.Q8_0.gguf')).toBe('phi-4-mini.Q8_0');
    expect(modelName('models/tiny.GGUF')).toBe('tiny');
    expect(modelName('Meta-Llama-3.1-8B.safetensors')).toBe('Meta-Llama-3.1-8B');
  });

  it('other ids are left as they are', () => {
    expect(modelName('llama3.2:latest')).toBe('llama3.2:latest');
    expect(modelName('lmstudio-community/Qwen2.5-7B-Instruct-GGUF')).toBe(
      'lmstudio-community/Qwen2.5-7B-Instruct-GGUF',
    );
    expect(modelName('hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M')).toBe(
      'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
    );
    expect(modelName('.gguf')).toBe('.gguf');
  });

  it('the picker label uses it, and keeps the server’s own facts', () => {
    expect(modelLabel({ id: '/srv/models/brook-tiny.gguf', contextLength: 4096 })).toBe(
      'brook-tiny · 4k ctx',
    );
    expect(modelLabel({ id: 'x', name: 'Friendly name' })).toBe('Friendly name');
  });
});
