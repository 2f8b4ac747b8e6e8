// A ranking index as bytes, for snapshots in object storage: a fixed prefix (magic, format,
// header length), a JSON header (ids, the strings behind the index's integers, the change
// number and the fingerprint of what built it), then the revisions and the packed records as
// little-endian 32-bit words. Reading one back rebuilds the statistics and skill lists.
import { RankingIndex } from './ranking-index.js';

const MAGIC = 0x49524843; // "CHRI"
const SNAPSHOT_FORMAT = 1;
const PREFIX = 12;

export interface Snapshot {
  index: RankingIndex;
  /** The change number the index had caught up to when it was written. */
  seq: number;
  fingerprint: string;
}

interface Header {
  format: number;
  fingerprint: string;
  seq: number;
  ids: string[];
  skills: string[];
  places: string[];
  words: number;
}

export function encodeSnapshot(index: RankingIndex, seq: number, fingerprint: string): Buffer {
  const { ids, revisions, records, skills, places } = index.pack();
  const header = Buffer.from(JSON.stringify({ format: SNAPSHOT_FORMAT, fingerprint, seq, ids, skills, places, words: records.length } satisfies Header));
  const pad = (4 - (header.length % 4)) % 4;
  const prefix = Buffer.alloc(PREFIX);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(SNAPSHOT_FORMAT, 4);
  prefix.writeUInt32LE(header.length, 8);
  const words = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([prefix, header, Buffer.alloc(pad), words(revisions), words(records)]);
}

export function decodeSnapshot(bytes: Buffer): Snapshot {
  if (bytes.length < PREFIX || bytes.readUInt32LE(0) !== MAGIC) throw new Error('not a ranking index snapshot');
  if (bytes.readUInt32LE(4) !== SNAPSHOT_FORMAT) throw new Error(`ranking index snapshot format ${bytes.readUInt32LE(4)}, expected ${SNAPSHOT_FORMAT}`);
  const headerLength = bytes.readUInt32LE(8);
  if (bytes.length < PREFIX + headerLength) throw new Error('ranking index snapshot is truncated');
  const header = JSON.parse(bytes.subarray(PREFIX, PREFIX + headerLength).toString('utf8')) as Header;
  const start = PREFIX + headerLength + ((4 - (headerLength % 4)) % 4);
  const count = header.ids.length;
  if (bytes.length !== start + 4 * (count + header.words)) throw new Error('ranking index snapshot is truncated');
  // Copied into aligned arrays of our own: the file's bytes may start anywhere.
  const words = (from: number, length: number) => {
    const out = new Uint32Array(length);
    Buffer.from(out.buffer).set(bytes.subarray(from, from + 4 * length));
    return out;
  };
  const index = RankingIndex.unpack({ ids: header.ids, revisions: words(start, count), records: words(start + 4 * count, header.words), skills: header.skills, places: header.places });
  return { index, seq: header.seq, fingerprint: header.fingerprint };
}
