// ESCO v1.1.1 CSV files -> our imported skills and occupations. Reads skills_en.csv,
// occupations_en.csv and occupationSkillRelations.csv (see ../shared/data/esco/SOURCE.md for
// the format: RFC 4180, CRLF records, labels one per line inside a quoted field).
import type { ImportedOccupation, ImportedSkill } from '../taxonomy-file.js';
import { phraseKey, tokenize } from '../tokens.js';
import type { WordCounts } from './common-words.js';
import { parseCsv, rowsOf } from './delimited.js';

export const ESCO_FILES = { skills: 'skills_en.csv', occupations: 'occupations_en.csv', relations: 'occupationSkillRelations.csv' } as const;
const COLUMNS = {
  skills: ['conceptUri', 'skillType', 'preferredLabel', 'altLabels', 'description'],
  occupations: ['conceptUri', 'preferredLabel', 'altLabels', 'description'],
  relations: ['occupationUri', 'relationType', 'skillUri'],
} as const;

/** Longer labels are sentences ("manage the use of funds in a budget") that CVs never repeat word for word. */
const MAX_LABEL_TOKENS = 4;
const MAX_OCCUPATION_SKILLS = 8;

export class ImportError extends Error {}

export function escoRows(kind: keyof typeof ESCO_FILES, text: string): Record<string, string>[] {
  const rows = rowsOf(parseCsv(text));
  const missing = COLUMNS[kind].filter((c) => rows.length > 0 && !(c in rows[0]));
  if (rows.length === 0) throw new ImportError(`${ESCO_FILES[kind]} has no rows`);
  if (missing.length > 0) throw new ImportError(`${ESCO_FILES[kind]} lacks the column(s) ${missing.join(', ')}: is it an ESCO v1.1.1 CSV?`);
  return rows;
}

const labels = (field: string) =>
  field
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function usable(label: string): boolean {
  const n = tokenize(label).length;
  // Two lower-case letters ("re") are too often something else.
  return n > 0 && n <= MAX_LABEL_TOKENS && label.length <= 60 && !/^[a-z]{1,2}$/.test(label);
}

/** "Python (computer programming)" is also written "Python". */
function withoutQualifier(label: string): string | null {
  const m = /^(.*?)\s*\([^)]*\)\s*$/.exec(label);
  return m && m[1].trim() ? m[1].trim() : null;
}

const uuidOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

export function escoSkills(rows: Record<string, string>[], words: WordCounts): ImportedSkill[] {
  const out: ImportedSkill[] = [];
  for (const row of rows) {
    const preferred = row.preferredLabel.trim();
    if (!preferred || !row.conceptUri) continue;
    const names = [preferred, withoutQualifier(preferred)].filter((l): l is string => !!l && usable(l));
    const aliases = labels(row.altLabels).flatMap((l) => [l, withoutQualifier(l)]).filter((l): l is string => !!l && usable(l) && !names.includes(l));
    if (names.length === 0 && aliases.length === 0) continue;
    const all = [...new Set([...names, ...aliases])];
    out.push({
      key: `esco:${uuidOf(row.conceptUri)}`,
      names: names.length > 0 ? names : [all[0]],
      aliases: all.filter((l) => !names.includes(l) && l !== all[0]),
      // One-word alternative labels are often loose ("hopper" for blow moulding machine parts,
      // "survey" for surveying): like ordinary words, they count only in a skills context.
      words: all.map(phraseKey).filter((k, i) => !k.includes(' ') && (words.isCommon(k) || !names.includes(all[i]))),
      category: row.skillType === 'knowledge' ? 'knowledge' : 'competence',
      source: 'esco',
    });
  }
  return out;
}

export function escoOccupations(occupations: Record<string, string>[], relations: Record<string, string>[], skills: ImportedSkill[]): ImportedOccupation[] {
  const byKey = new Map(skills.map((s) => [s.key, s]));
  const essential = new Map<string, ImportedSkill[]>();
  for (const r of relations) {
    if (r.relationType !== 'essential') continue;
    const skill = byKey.get(`esco:${uuidOf(r.skillUri)}`);
    if (!skill) continue;
    const key = `esco:${uuidOf(r.occupationUri)}`;
    const list = essential.get(key);
    if (list) list.push(skill);
    else essential.set(key, [skill]);
  }
  // Knowledge ("civil engineering", "building codes") before competences ("manage contracts"),
  // short names first: the ones a CV is likely to name.
  const rank = (s: ImportedSkill) => (s.category === 'knowledge' ? 0 : 10) + tokenize(s.names[0]).length;
  return occupations
    .filter((o) => o.conceptUri && o.preferredLabel.trim())
    .map((o) => {
      const key = `esco:${uuidOf(o.conceptUri)}`;
      const title = o.preferredLabel.trim();
      return {
        key,
        title,
        titles: [...new Set([title, ...labels(o.altLabels)])],
        skills: (essential.get(key) ?? [])
          .filter((s) => tokenize(s.names[0]).length <= 3)
          .sort((a, b) => rank(a) - rank(b) || a.names[0].localeCompare(b.names[0]))
          .slice(0, MAX_OCCUPATION_SKILLS)
          .map((s) => s.key),
        source: 'esco' as const,
      };
    });
}
