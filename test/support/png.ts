/**
 * Reads a PNG as the charts write it (8-bit RGB or RGBA, not interlaced) into raw pixels, so
 * tests can compare what was drawn. Only what resvg produces; anything else throws.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A Buffer over the same memory (a message's bytes come back from structuredClone as a Uint8Array). */
const asBuffer = (bytes: Uint8Array) =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Width and height from the IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(data: Uint8Array): { width: number; height: number } {
  const bytes = asBuffer(data);
  if (!bytes.subarray(0, 8).equals(SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function decodePng(data: Uint8Array): Pixels {
  const bytes = asBuffer(data);
  const { width, height } = pngSize(bytes);
  const depth = bytes[24];
  const colour = bytes[25];
  const interlace = bytes[28];
  if (depth !== 8 || (colour !== 6 && colour !== 2) || interlace !== 0)
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
  const channels = colour === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x]! + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      out[o] = line[x * channels]!;
      out[o + 1] = line[x * channels + 1]!;
      out[o + 2] = line[x * channels + 2]!;
      out[o + 3] = channels === 4 ? line[x * channels + 3]! : 255;
    }
    previous = line;
  }
  return { width, height, rgba: out };
}

/** How many pixels differ between two images in the rows [top, bottom) (sizes must match in width). */
export function differingPixels(a: Pixels, b: Pixels, top = 0, bottom = Math.min(a.height, b.height)): number {
  if (a.width !== b.width) throw new Error('widths differ');
  let count = 0;
  for (let i = top * a.width * 4; i < bottom * a.width * 4; i += 4)
    if (a.rgba.readUInt32BE(i) !== b.rgba.readUInt32BE(i)) count++;
  return count;
}

/** How many pixels in the rows [top, bottom) are not plain white. */
export function inkedPixels(image: Pixels, top = 0, bottom = image.height): number {
  let count = 0;
  for (let i = top * image.width * 4; i < bottom * image.width * 4; i += 4)
    if (image.rgba.readUInt32BE(i) !== 0xffffffff) count++;
  return count;
}
