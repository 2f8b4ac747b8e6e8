// The taxonomy a process uses: the built-in technology skills (skills.json, curated and
// GitHub Linguist) and occupations, extended by an imported ESCO/O*NET taxonomy when the data
// directory holds one. Imported skills that name a built-in one ("Microsoft Excel", "Oracle
// Java") are merged into it; the rest are added. Built once per directory and process.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { COMMON_WORDS, FIRST_NAMES } from './builtin/ambiguous.js';
import { BUILTIN_OCCUPATIONS } from './builtin/occupations.js';
import shippedSkills from './builtin/skills.json' with { type: 'json' };
import { type Occupation, OccupationIndex } from './occupations.js';
import type { Ambiguity } from './skill-context.js';
import { type Skill, SkillTaxonomy } from './skill-taxonomy.js';
import { TAXONOMY_FILE, TAXONOMY_FORMAT, type TaxonomyFile, type TaxonomySource } from './taxonomy-file.js';
import { phraseKey } from './tokens.js';

export class Taxonomy {
  constructor(
    readonly skills: SkillTaxonomy,
    readonly occupations: OccupationIndex,
    /** Built-in only, or extended by an import. */
    readonly origin: 'builtin' | 'imported',
    readonly sources: TaxonomySource[],
    /** Changes whenever what the taxonomy finds in a text could change (index snapshots depend on it). */
    readonly fingerprint: string,
  ) {}
}

export class TaxonomyLoadError extends Error {}

function builtinAmbiguity(): Map<string, Ambiguity> {
  const map = new Map<string, Ambiguity>();
  for (const w of COMMON_WORDS) map.set(phraseKey(w), 'word');
  for (const n of FIRST_NAMES) map.set(phraseKey(n), 'name');
  return map;
}

/** An imported acronym ("DID", "GMP"): in lower case it is usually a word. */
const ACRONYM = /^[A-Z][A-Z0-9&]{1,5}$/;

/** A skill's id from its name ("C++" -> cplusplus, "C#" -> csharp, ".NET" -> dotnet). */
export const skillSlug = (name: string) =>
  name
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/#/g, 'sharp')
    .replace(/^\./, 'dot')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '') || 'skill';

function build(file: TaxonomyFile | null, fileHash: string): Taxonomy {
  const skills: Skill[] = (shippedSkills as Skill[]).map((s) => ({ ...s, aliases: [...s.aliases], related: [...s.related] }));
  const ambiguous = builtinAmbiguity();
  const exact = new Set<string>();
  const owner = new Map<string, Skill>();
  const ids = new Set(skills.map((s) => s.id));
  for (const s of skills) for (const p of [s.name, ...s.aliases]) if (!owner.has(phraseKey(p))) owner.set(phraseKey(p), s);
  const idOf = new Map<string, string>();

  for (const imported of file?.skills ?? []) {
    let target = imported.names.map((n) => owner.get(phraseKey(n))).find((s) => s !== undefined);
    if (target) {
      if (!target.source.split('+').includes(imported.source)) target.source = `${target.source}+${imported.source}`;
    } else {
      let id = skillSlug(imported.names[0]);
      if (ids.has(id)) id = `${id}-${imported.source}`;
      for (let n = 2; ids.has(id); n++) id = `${skillSlug(imported.names[0])}-${imported.source}-${n}`;
      ids.add(id);
      target = { id, name: imported.names[0], aliases: [], related: [], category: imported.category, source: imported.source, caseSensitive: false };
      skills.push(target);
    }
    const words = new Set(imported.words);
    for (const phrase of [...imported.names, ...imported.aliases]) {
      const key = phraseKey(phrase);
      // A phrase belongs to the first skill that claimed it: built-in, then product names, then ESCO.
      if (!key || owner.has(key)) continue;
      owner.set(key, target);
      target.aliases.push(phrase);
      if (words.has(key) && !ambiguous.has(key)) ambiguous.set(key, 'word');
      if (ACRONYM.test(phrase)) exact.add(phrase);
    }
    idOf.set(imported.key, target.id);
  }

  const taxonomy = new SkillTaxonomy(skills, ambiguous, exact);
  const occupations: Occupation[] = BUILTIN_OCCUPATIONS.map((o) => ({
    id: `builtin:${skillSlug(o.title)}`,
    title: o.title,
    titles: [o.title, ...o.titles],
    skills: o.skills.map((name) => taxonomy.canonical(name)?.id).filter((id): id is string => !!id),
    source: 'builtin',
  }));
  for (const o of file?.occupations ?? []) {
    occupations.push({ id: o.key, title: o.title, titles: o.titles, skills: o.skills.map((k) => idOf.get(k)).filter((id): id is string => !!id), source: o.source });
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(shippedSkills))
    .update(JSON.stringify([COMMON_WORDS, FIRST_NAMES]))
    .update(fileHash)
    .digest('hex')
    .slice(0, 16);
  return new Taxonomy(taxonomy, new OccupationIndex(occupations), file ? 'imported' : 'builtin', file?.sources ?? [], fingerprint);
}

let builtin: Taxonomy | undefined;

/** The built-in taxonomy alone. */
export function builtinTaxonomy(): Taxonomy {
  builtin ??= build(null, '');
  return builtin;
}

const loaded = new Map<string, { stamp: string; taxonomy: Taxonomy }>();

export interface LoadResult {
  taxonomy: Taxonomy;
  /** Why the built-in taxonomy is used, when a directory was given but holds no taxonomy. */
  missing: string | null;
}

/**
 * The taxonomy in `dir` (see TAXONOMY_FILE), or the built-in one when there is none. A file
 * that is there but unreadable is an error: running on less than was configured is not silent.
 */
export function loadTaxonomy(dir: string | null | undefined): LoadResult {
  if (!dir) return { taxonomy: builtinTaxonomy(), missing: 'no taxonomy data directory is configured (TAXONOMY_DATA_DIR)' };
  const file = path.resolve(dir, TAXONOMY_FILE);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { taxonomy: builtinTaxonomy(), missing: `${file} does not exist (run npm run taxonomy:import)` };
  }
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cached = loaded.get(file);
  if (cached?.stamp === stamp) return { taxonomy: cached.taxonomy, missing: null };
  const raw = fs.readFileSync(file);
  let data: TaxonomyFile;
  try {
    data = JSON.parse(raw.toString('utf8')) as TaxonomyFile;
  } catch {
    throw new TaxonomyLoadError(`${file} is not valid JSON; run npm run taxonomy:import again`);
  }
  if (data.format !== TAXONOMY_FORMAT || !Array.isArray(data.skills) || !Array.isArray(data.occupations)) {
    throw new TaxonomyLoadError(`${file} was written by another version (format ${String(data.format)}, expected ${TAXONOMY_FORMAT}); run npm run taxonomy:import again`);
  }
  const taxonomy = build(data, createHash('sha256').update(raw).digest('hex'));
  loaded.set(file, { stamp, taxonomy });
  return { taxonomy, missing: null };
}
