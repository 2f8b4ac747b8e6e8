// What a CV's text says: contact details, skills (from the shared taxonomy), dated
// experience and its years, and where the person is. Pure; tested on real extracted text.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { yearsOf } from '../../skills/experience.js';
import type { SkillTaxonomy } from '../../skills/skill-taxonomy.js';

export interface ParsedExperience {
  title: string;
  start: string;
  end?: string;
}

export interface ParsedCv {
  emails: string[];
  phones: string[];
  links: string[];
  skills: string[];
  experience: ParsedExperience[];
  years: number | null;
  location: { city?: string; country?: string } | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(?:${MONTHS.join('|')})[a-z]*\\.?`;
const POINT = `(?:${MONTH}\\s+(?:19|20)\\d{2}|(?:0?[1-9]|1[0-2])[/.](?:19|20)\\d{2}|(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])|(?:19|20)\\d{2})`;
const RANGE = new RegExp(`(${POINT})\\s*(?:-|–|—|to|until)\\s*(${POINT}|present|current|now|today)`, 'i');

const COUNTRIES: Record<string, string> = {
  germany: 'DE', deutschland: 'DE', portugal: 'PT', spain: 'ES', france: 'FR', italy: 'IT', netherlands: 'NL', poland: 'PL', austria: 'AT',
  switzerland: 'CH', 'united kingdom': 'GB', uk: 'GB', england: 'GB', ireland: 'IE', sweden: 'SE', denmark: 'DK', norway: 'NO', finland: 'FI',
  'united states': 'US', usa: 'US', canada: 'CA', india: 'IN', brazil: 'BR', ukraine: 'UA', romania: 'RO', 'czech republic': 'CZ', greece: 'GR',
};

/** `Mar 2019`, `03/2019`, `2019-03`, `2019` -> `2019-03`; `end` years mean December. */
function yearMonth(point: string, end: boolean): string | undefined {
  const p = point.trim().toLowerCase();
  if (['present', 'current', 'now', 'today'].includes(p)) return undefined;
  let m = /^([a-z]+)\.?\s+(\d{4})$/.exec(p);
  if (m) return `${m[2]}-${String(MONTHS.indexOf(m[1].slice(0, 3)) + 1).padStart(2, '0')}`;
  m = /^(\d{1,2})[/.](\d{4})$/.exec(p);
  if (m) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return `${m[1]}-${m[2]}`;
  return `${p}-${end ? '12' : '01'}`;
}

function experience(text: string): ParsedExperience[] {
  const lines = text.split('\n').map((l) => l.trim());
  const found: ParsedExperience[] = [];
  lines.forEach((line, i) => {
    const m = RANGE.exec(line);
    if (!m) return;
    const start = yearMonth(m[1], false)!;
    const end = yearMonth(m[2], true);
    if (end && end < start) return;
    const here = line.replace(m[0], '').replace(/^[\s,|–—:-]+|[\s,|–—:-]+$/g, '');
    const title = here || lines.slice(0, i).reverse().find((l) => l.length > 0) || 'Experience';
    found.push({ title: title.slice(0, 200), start, ...(end ? { end } : {}) });
  });
  return found;
}

function location(text: string): ParsedCv['location'] {
  const m = /^(?:location|based in|lives in|address)\s*[:-]?\s*(.+)$/im.exec(text) ?? /\bbased in ([A-Z][\w .'-]+(?:,\s*[A-Z][\w .'-]+)?)/.exec(text);
  if (!m) return null;
  const parts = m[1].split(',').map((p) => p.trim()).filter(Boolean);
  const last = parts.at(-1) ?? '';
  const country = COUNTRIES[last.toLowerCase()] ?? (/^[A-Z]{2}$/.test(last) ? last : undefined);
  const city = country && parts.length > 1 ? parts[0] : country ? undefined : parts[0];
  return { ...(city ? { city: city.slice(0, 100) } : {}), ...(country ? { country } : {}) };
}

export function parseCv(text: string, taxonomy: SkillTaxonomy, defaultRegion: string, now = new Date()): ParsedCv {
  const emails = [...new Set([...text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) => m[0].toLowerCase()))];
  const phones = new Set<string>();
  for (const m of text.matchAll(/(?:\+|\(|\b00)?\d[\d\s().-]{6,18}\d/g)) {
    if (RANGE.test(m[0]) || /^\d{4}\s*[-–]\s*\d{4}$/.test(m[0].trim())) continue;
    const phone = parsePhoneNumberFromString(m[0], defaultRegion as CountryCode);
    if (phone?.isValid()) phones.add(phone.number);
  }
  const links = new Set<string>();
  for (const m of text.matchAll(/\b(?:https?:\/\/)?(?:www\.)?(?:linkedin\.com\/in|github\.com|gitlab\.com|stackoverflow\.com\/users)\/[\w\-./%]+/gi)) {
    links.add((/^https?:\/\//i.test(m[0]) ? m[0] : `https://${m[0]}`).replace(/[.,/]+$/, ''));
  }
  const skills = [...new Set(taxonomy.find(text).map((m) => m.name))];
  const jobs = experience(text);
  return { emails, phones: [...phones], links: [...links], skills, experience: jobs, years: yearsOf(jobs, now), location: location(text) };
}
