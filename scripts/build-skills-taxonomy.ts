// `node dist/scripts/build-skills-taxonomy.js`: regenerates src/modules/skills/builtin/skills.json
// from GitHub Linguist's language list (npm linguist-languages, MIT) and our curated list
// (curated-skills.txt). The JSON is committed: nothing is downloaded at run time.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { skillSlug } from '../src/modules/skills/taxonomy-loader.js';
import { ROOT } from './paths.js';

interface LinguistLanguage {
  type: 'programming' | 'data' | 'markup' | 'prose';
  aliases?: string[];
}

export interface SkillEntry {
  id: string;
  name: string;
  aliases: string[];
  related: string[];
  category: string;
  source: 'linguist' | 'curated' | 'both';
  /** Only matched in free text with this exact capitalisation ("Red", not "red"). Names that are
   * also words or first names are listed in ambiguous.ts instead. */
  caseSensitive: boolean;
}

const DIR = path.join(ROOT, 'src/modules/skills/builtin');

function main(): void {
  const linguist = createRequire(import.meta.url)('linguist-languages') as Record<string, LinguistLanguage>;
  const byKey = new Map<string, SkillEntry>();
  for (const [name, lang] of Object.entries(linguist)) {
    if (lang.type === 'prose') continue;
    const short = /^[A-Za-z]{1,6}$/.test(name) || lang.type === 'data';
    byKey.set(name.toLowerCase(), {
      id: skillSlug(name),
      name,
      aliases: (lang.aliases ?? []).filter((a) => a.toLowerCase() !== name.toLowerCase() && a.length > 1),
      related: [],
      category: lang.type === 'programming' ? 'language' : lang.type,
      source: 'linguist',
      caseSensitive: short,
    });
  }
  const curated = fs
    .readFileSync(path.join(DIR, 'curated-skills.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('|').map((part) => part.trim()));
  const curatedAliases = new Set<string>();
  const relatedNames = new Map<string, string[]>();
  for (const [name, aliases, related, category] of curated) {
    const list = aliases ? aliases.split(',').map((a) => a.trim().toLowerCase()).filter(Boolean) : [];
    list.forEach((a) => curatedAliases.add(a));
    const existing = byKey.get(name.toLowerCase());
    const entry: SkillEntry = existing
      ? { ...existing, aliases: [...new Set([...existing.aliases, ...list])], category, source: 'both', caseSensitive: existing.caseSensitive && name.length <= 1 }
      : { id: skillSlug(name), name, aliases: list, related: [], category, source: 'curated', caseSensitive: false };
    byKey.set(name.toLowerCase(), entry);
    relatedNames.set(name.toLowerCase(), related ? related.split(',').map((r) => r.trim()).filter(Boolean) : []);
  }
  // A curated alias wins over a Linguist one ("node" is Node.js, not JavaScript).
  for (const [key, entry] of byKey) {
    if (entry.source === 'linguist') entry.aliases = entry.aliases.filter((a) => !curatedAliases.has(a.toLowerCase()) && !byKey.has(a.toLowerCase()));
    else if (entry.source === 'both' && key === 'javascript') entry.aliases = entry.aliases.filter((a) => a !== 'node');
  }
  const missing: string[] = [];
  for (const [key, names] of relatedNames) {
    const entry = byKey.get(key)!;
    entry.related = names.map((n) => byKey.get(n.toLowerCase())?.id ?? (missing.push(`${entry.name} -> ${n}`), '')).filter(Boolean);
  }
  if (missing.length > 0) throw new Error(`related skills not in the taxonomy:\n${missing.join('\n')}`);
  const ids = new Set<string>();
  const skills = [...byKey.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const s of skills) {
    if (ids.has(s.id)) throw new Error(`duplicate id ${s.id}`);
    ids.add(s.id);
  }
  fs.writeFileSync(path.join(DIR, 'skills.json'), `${JSON.stringify(skills, null, 0).replace(/\},\{/g, '},\n{')}\n`);
  console.log(`skills.json: ${skills.length} skills (${skills.filter((s) => s.source !== 'linguist').length} curated)`);
}

main();
