// O*NET 29.2 tab-separated files -> our imported skills (Technology Skills: product names,
// most of the tools CVs name) and occupations (Occupation Data and Alternate Titles, with the
// occupation's hot technologies as its essential skills).
import type { ImportedOccupation, ImportedSkill } from '../taxonomy-file.js';
import { phraseKey, tokenize } from '../tokens.js';
import type { WordCounts } from './common-words.js';
import { ImportError } from './esco.js';
import { parseTsv, rowsOf } from './delimited.js';

export const ONET_FILES = { technology: 'Technology Skills.tsv', titles: 'Alternate Titles.tsv', occupations: 'Occupation Data.tsv' } as const;
const COLUMNS = {
  technology: ['O*NET-SOC Code', 'Example', 'Hot Technology', 'In Demand'],
  titles: ['O*NET-SOC Code', 'Alternate Title', 'Short Title'],
  occupations: ['O*NET-SOC Code', 'Title', 'Description'],
} as const;
const MAX_OCCUPATION_SKILLS = 8;

export function onetRows(kind: keyof typeof ONET_FILES, text: string): Record<string, string>[] {
  const rows = rowsOf(parseTsv(text));
  if (rows.length === 0) throw new ImportError(`${ONET_FILES[kind]} has no rows`);
  const missing = COLUMNS[kind].filter((c) => !(c in rows[0]));
  if (missing.length > 0) throw new ImportError(`${ONET_FILES[kind]} lacks the column(s) ${missing.join(', ')}: is it an O*NET 29 table as TSV?`);
  return rows;
}

const words = (name: string) => name.split(/\s+/).filter(Boolean);

/**
 * Vendor prefixes: leading words that several product names share ("Microsoft", "Autodesk",
 * "Dassault Systemes", "The MathWorks"), capitalised and not ordinary words.
 */
export function vendorPrefixes(names: string[], counts: WordCounts): Set<string> {
  const prefixCount = new Map<string, number>();
  for (const name of new Set(names)) {
    const w = words(name);
    for (let n = 1; n < Math.min(4, w.length); n++) {
      const p = w.slice(0, n).join(' ');
      prefixCount.set(p, (prefixCount.get(p) ?? 0) + 1);
    }
  }
  const vendors = new Set<string>();
  for (const name of new Set(names)) {
    const w = words(name);
    const first = w[0] === 'The' && w.length > 2 ? 2 : 1;
    const lead = w.slice(0, first).join(' ');
    if (!/^\p{Lu}/u.test(w[first - 1] ?? '') || counts.isCommon(w[first - 1].toLowerCase()) || (prefixCount.get(lead) ?? 0) < 3) continue;
    // Extend while every name that starts so continues the same way ("Dassault" -> "Dassault Systemes").
    let n = first;
    while (n + 1 < w.length && prefixCount.get(w.slice(0, n + 1).join(' ')) === prefixCount.get(w.slice(0, n).join(' '))) n++;
    vendors.add(w.slice(0, n).join(' '));
  }
  return vendors;
}

/** "Geographic information system GIS" -> ["GIS", "Geographic information system"] when the capitals spell the initials. */
function acronymForms(name: string): string[] {
  const w = words(name);
  const last = w.at(-1) ?? '';
  if (w.length < 3 || !/^[A-Z]{2,6}$/.test(last)) return [];
  const long = w.slice(0, -1);
  const initials = long.filter((x) => !/^(?:of|and|for|the|to|in|&)$/i.test(x)).map((x) => x[0].toUpperCase()).join('');
  return initials === last ? [last, long.join(' ')] : [];
}

/** Every way a Technology Skills example is written: as is, without " software", without its vendor, by acronym. */
export function productNames(example: string, vendors: Set<string>): string[] {
  const names = [example.trim()];
  const bare = example.replace(/\s+software$/i, '').trim();
  if (bare !== names[0] && bare) names.push(bare);
  for (const form of [...names]) names.push(...acronymForms(form));
  for (const form of [...names]) {
    const w = words(form);
    for (let n = Math.min(3, w.length - 1); n >= 1; n--) {
      if (!vendors.has(w.slice(0, n).join(' '))) continue;
      const rest = w.slice(n).join(' ');
      // "Sage 50 Accounting" keeps its vendor: "50 Accounting" names nothing.
      if (/^\p{Lu}|^\p{Ll}+\p{Lu}/u.test(rest) && rest.length >= 2) names.push(rest);
      break;
    }
  }
  return [...new Set(names)].filter((n) => tokenize(n).length > 0);
}

export function onetSkills(rows: Record<string, string>[], counts: WordCounts): ImportedSkill[] {
  const examples = [...new Set(rows.map((r) => r.Example.trim()).filter(Boolean))].sort();
  const vendors = vendorPrefixes(examples, counts);
  return examples.map((example) => {
    const names = productNames(example, vendors);
    return {
      key: `onet:${example}`,
      // The shortest unqualified form first is what a built-in skill would be called ("Excel").
      names,
      aliases: [],
      // One word that the sources' prose writes in lower case ("Migration software", "Notes"): a word first.
      words: names.map(phraseKey).filter((k) => !k.includes(' ') && counts.count(k) >= 2),
      category: 'software',
      source: 'onet' as const,
    };
  });
}

export function onetOccupations(occupations: Record<string, string>[], titles: Record<string, string>[], technology: Record<string, string>[]): ImportedOccupation[] {
  const titlesOf = new Map<string, string[]>();
  for (const t of titles) {
    const list = titlesOf.get(t['O*NET-SOC Code']) ?? [];
    list.push(t['Alternate Title'].trim());
    if (t['Short Title']?.trim()) list.push(t['Short Title'].trim());
    titlesOf.set(t['O*NET-SOC Code'], list);
  }
  const hot = new Map<string, { example: string; rank: number }[]>();
  // A technology hot for many occupations (Excel, Outlook) tells little about any one of them.
  const spread = new Map<string, number>();
  for (const t of technology) if (t['Hot Technology'] === 'Y') spread.set(t.Example.trim(), (spread.get(t.Example.trim()) ?? 0) + 1);
  for (const t of technology) {
    if (t['Hot Technology'] !== 'Y') continue;
    const list = hot.get(t['O*NET-SOC Code']) ?? [];
    list.push({ example: t.Example.trim(), rank: spread.get(t.Example.trim())! * 2 + (t['In Demand'] === 'Y' ? 0 : 1) });
    hot.set(t['O*NET-SOC Code'], list);
  }
  return occupations
    .filter((o) => o['O*NET-SOC Code'] && o.Title.trim())
    .map((o) => {
      const code = o['O*NET-SOC Code'];
      return {
        key: `onet:${code}`,
        title: o.Title.trim(),
        titles: [...new Set([o.Title.trim(), ...(titlesOf.get(code) ?? [])].filter(Boolean))],
        skills: (hot.get(code) ?? [])
          .sort((a, b) => a.rank - b.rank || a.example.localeCompare(b.example))
          .slice(0, MAX_OCCUPATION_SKILLS)
          .map((h) => `onet:${h.example}`),
        source: 'onet' as const,
      };
    });
}
