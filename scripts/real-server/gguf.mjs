// Reads and writes GGUF files (llama.cpp's model format), just enough to copy a tokenizer out of a
// vocab-only GGUF and write a tiny model around it: a header, key/values, tensor infos, aligned data.
// Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md (version 3, little-endian).
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';

const MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const VERSION = 3;
const DEFAULT_ALIGNMENT = 32;

/** GGUF value types. */
export const T = Object.freeze({
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
});

/** ggml tensor types used here. */
export const GGML_TYPE_F32 = 0;

const SCALAR_SIZE = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

class Reader {
  constructor(buffer) {
    this.buf = buffer;
    this.view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this.pos = 0;
  }
  u32() {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64() {
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('GGUF: 64-bit count too large');
    return Number(v);
  }
  string() {
    const length = this.u64();
    const text = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }
  scalar(type) {
    const v = this.view;
    const p = this.pos;
    this.pos += SCALAR_SIZE[type];
    switch (type) {
      case T.UINT8:
        return v.getUint8(p);
      case T.INT8:
        return v.getInt8(p);
      case T.UINT16:
        return v.getUint16(p, true);
      case T.INT16:
        return v.getInt16(p, true);
      case T.UINT32:
        return v.getUint32(p, true);
      case T.INT32:
        return v.getInt32(p, true);
      case T.FLOAT32:
        return v.getFloat32(p, true);
      case T.BOOL:
        return v.getUint8(p) !== 0;
      case T.UINT64:
        return v.getBigUint64(p, true);
      case T.INT64:
        return v.getBigInt64(p, true);
      case T.FLOAT64:
        return v.getFloat64(p, true);
      default:
        throw new Error(`GGUF: unknown value type ${type}`);
    }
  }
  value(type) {
    if (type === T.STRING) return this.string();
    if (type === T.ARRAY) {
      const itemType = this.u32();
      const count = this.u64();
      const items = new Array(count);
      for (let i = 0; i < count; i += 1) items[i] = this.value(itemType);
      return { itemType, items };
    }
    return this.scalar(type);
  }
}

/**
 * The key/values and tensor infos of a GGUF file (tensor data is not read).
 * @returns {{ kv: Map<string, { type: number, value: unknown }>, tensors: { name: string, dims: number[], type: number }[] }}
 */
export function readGguf(path) {
  const r = new Reader(readFileSync(path));
  if (r.u32() !== MAGIC) throw new Error(`${path} is not a GGUF file`);
  const version = r.u32();
  if (version < 2) throw new Error(`${path}: GGUF version ${version} is not supported`);
  const tensorCount = r.u64();
  const kvCount = r.u64();
  const kv = new Map();
  for (let i = 0; i < kvCount; i += 1) {
    const key = r.string();
    const type = r.u32();
    kv.set(key, { type, value: r.value(type) });
  }
  const tensors = [];
  for (let i = 0; i < tensorCount; i += 1) {
    const name = r.string();
    const nDims = r.u32();
    const dims = [];
    for (let d = 0; d < nDims; d += 1) dims.push(r.u64());
    const type = r.u32();
    r.u64(); // offset
    tensors.push({ name, dims, type });
  }
  return { kv, tensors };
}

class Writer {
  constructor() {
    this.parts = [];
    this.length = 0;
  }
  push(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  u32(v) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  u64(v) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  string(text) {
    const bytes = Buffer.from(text, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  scalar(type, value) {
    const b = Buffer.alloc(SCALAR_SIZE[type]);
    switch (type) {
      case T.UINT8:
        b.writeUInt8(value);
        break;
      case T.INT8:
        b.writeInt8(value);
        break;
      case T.UINT16:
        b.writeUInt16LE(value);
        break;
      case T.INT16:
        b.writeInt16LE(value);
        break;
      case T.UINT32:
        b.writeUInt32LE(value);
        break;
      case T.INT32:
        b.writeInt32LE(value);
        break;
      case T.FLOAT32:
        b.writeFloatLE(value);
        break;
      case T.BOOL:
        b.writeUInt8(value ? 1 : 0);
        break;
      case T.UINT64:
        b.writeBigUInt64LE(BigInt(value));
        break;
      case T.INT64:
        b.writeBigInt64LE(BigInt(value));
        break;
      case T.FLOAT64:
        b.writeDoubleLE(value);
        break;
      default:
        throw new Error(`GGUF: unknown value type ${type}`);
    }
    this.push(b);
  }
  value(type, value) {
    if (type === T.STRING) return this.string(value);
    if (type === T.ARRAY) {
      this.u32(value.itemType);
      this.u64(value.items.length);
      for (const item of value.items) this.value(value.itemType, item);
      return;
    }
    this.scalar(type, value);
  }
  padTo(alignment) {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
}

/**
 * Writes a GGUF file of F32 tensors. `tensors` are `{ name, dims, data: Float32Array }` with
 * dims in ggml's order (fastest-moving first, e.g. [n_embd, n_vocab] for token_embd).
 * @param {string} path
 * @param {Map<string, { type: number, value: unknown }>} kv
 * @param {{ name: string, dims: number[], data: Float32Array }[]} tensors
 */
export function writeGguf(path, kv, tensors) {
  const alignment = Number(kv.get('general.alignment')?.value ?? DEFAULT_ALIGNMENT);
  const head = new Writer();
  head.u32(MAGIC);
  head.u32(VERSION);
  head.u64(tensors.length);
  head.u64(kv.size);
  for (const [key, { type, value }] of kv) {
    head.string(key);
    head.u32(type);
    head.value(type, value);
  }
  let offset = 0;
  const offsets = [];
  for (const tensor of tensors) {
    const elements = tensor.dims.reduce((a, b) => a * b, 1);
    if (elements !== tensor.data.length) {
      throw new Error(`GGUF: ${tensor.name} has ${tensor.data.length} values for dims ${tensor.dims}`);
    }
    head.string(tensor.name);
    head.u32(tensor.dims.length);
    for (const d of tensor.dims) head.u64(d);
    head.u32(GGML_TYPE_F32);
    head.u64(offset);
    offsets.push(offset);
    offset += Math.ceil(tensor.data.byteLength / alignment) * alignment;
  }
  head.padTo(alignment);
  const fd = openSync(path, 'w');
  try {
    for (const part of head.parts) writeSync(fd, part);
    let written = 0;
    tensors.forEach((tensor, i) => {
      if (written < offsets[i]) writeSync(fd, Buffer.alloc(offsets[i] - written));
      const bytes = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
      writeSync(fd, bytes);
      written = offsets[i] + bytes.length;
    });
    if (written < offset) writeSync(fd, Buffer.alloc(offset - written));
  } finally {
    closeSync(fd);
  }
}
