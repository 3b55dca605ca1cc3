import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { countColor, decodePng } from './png.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** An encoder for the test only: each row with the given filter type (the predictor is applied here). */
function encode(width: number, height: number, channels: 3 | 4, pixel: (x: number, y: number) => number[], filters: number[]): Buffer {
  const stride = width * channels;
  const plain = Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => pixel(x, y)).flat());
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length] ?? 0;
    rows.push(filter);
    for (let i = 0; i < stride; i++) {
      const v = plain[y]?.[i] ?? 0;
      const a = i >= channels ? (plain[y]?.[i - channels] ?? 0) : 0;
      const b = y > 0 ? (plain[y - 1]?.[i] ?? 0) : 0;
      const c = i >= channels && y > 0 ? (plain[y - 1]?.[i - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, Math.floor((a + b) / 2), paeth][filter] ?? 0;
      rows.push((v - predicted + 256) & 0xff);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodePng', () => {
  const pattern = (x: number, y: number): number[] => [(x * 37 + y * 11) & 0xff, (x * 5 + y * 91) & 0xff, (x * y * 13) & 0xff];

  it.each([[3], [4]] as const)('decodes every filter type (%d channels)', (channels) => {
    const width = 7;
    const height = 10;
    const px = (x: number, y: number): number[] => (channels === 4 ? [...pattern(x, y), (x + y) * 9] : pattern(x, y));
    const image = decodePng(encode(width, height, channels, px, [0, 1, 2, 3, 4]));
    expect([image.width, image.height]).toEqual([width, height]);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        expect([...image.rgba.subarray(i, i + 4)]).toEqual(channels === 4 ? px(x, y) : [...px(x, y), 255]);
      }
    }
  });

  it('counts pixels of a colour', () => {
    const image = decodePng(encode(4, 3, 3, (x) => (x < 3 ? [0x1a, 0x7f, 0x37] : [255, 255, 255]), [1]));
    expect(countColor(image, '#1a7f37')).toBe(9);
    expect(countColor(image, '#ffffff')).toBe(3);
    expect(countColor(image, '#000000')).toBe(0);
  });

  it('rejects what is not a PNG', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('not a PNG');
  });
});
