// ZIP reading for DOCX files: the central directory (names and declared sizes, nothing
// inflated), and the real inflated size of every entry measured with a streaming budget. The
// declared sizes are the attacker's to choose, so only the second decides whether a file is a
// zip bomb: inflation stops at the first byte over the budget, whatever the directory says.
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The entries, or null when the bytes are not a readable ZIP. */
export function zipEntries(buffer: Buffer): ZipEntry[] | null {
  if (buffer.length < 22) return null;
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  const floor = Math.max(0, buffer.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= floor; i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL) return null;
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      uncompressedSize: buffer.readUInt32LE(offset + 24),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Bytes `data` inflates to, stopping (and reporting budget + 1) once past `budget`. */
function inflateCounting(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let done = false;
    const finish = (value: number) => {
      if (done) return;
      done = true;
      resolve(value);
    };
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget) {
        inflate.destroy();
        finish(budget + 1);
      }
    });
    inflate.on('end', () => finish(total));
    inflate.on('close', () => finish(total));
    inflate.on('error', (error) => (done ? undefined : ((done = true), reject(error))));
    inflate.end(data);
  });
}

export type InflateCheck = { ok: true; bytes: number } | { ok: false; reason: 'too-large' | 'corrupt'; bytes?: number };

/**
 * Inflates every entry (the output is counted and dropped, never kept) and sums what they
 * really unpack to, stopping as soon as the sum passes `limit`.
 */
export async function measureInflatedSize(buffer: Buffer, limit: number): Promise<InflateCheck> {
  const entries = zipEntries(buffer);
  if (!entries) return { ok: false, reason: 'corrupt' };
  let total = 0;
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL) return { ok: false, reason: 'corrupt' };
    const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > buffer.length) return { ok: false, reason: 'corrupt' };
    const data = buffer.subarray(start, end);
    if (entry.method === STORED) total += data.length;
    else if (entry.method === DEFLATED) {
      try {
        total += await inflateCounting(data, limit - total);
      } catch {
        return { ok: false, reason: 'corrupt' };
      }
    } else return { ok: false, reason: 'corrupt' };
    if (total > limit) return { ok: false, reason: 'too-large', bytes: total };
  }
  return { ok: true, bytes: total };
}
