// A job's title -> an occupation ("Sr. Civil Engineer (m/f/d)" -> civil engineer), by the
// titles each occupation goes by: exactly after normalising, else the title sharing the most
// telling words, including the last one (the role itself: "engineer", "auditor"). Pure.
import { tokenize } from './tokens.js';

export interface Occupation {
  id: string;
  title: string;
  titles: string[];
  /** Skill ids of its essential skills, the most telling first. */
  skills: string[];
  source: string;
}

export interface OccupationMatch {
  occupation: Occupation;
  /** The occupation title the job's title matched. */
  via: string;
  exact: boolean;
}

/** Words that say how senior or how employed, not what the work is. */
const QUALIFIERS = new Set(
  'senior sr jr junior lead principal staff intern internship trainee graduate entry mid level experienced expert i ii iii iv v remote hybrid onsite contract freelance temporary temp part full time permanent the a an m f d w x h mwd fmd'.split(' '),
);

function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** The words of a title that name the work, lower case and singular. */
export function titleWords(title: string): string[] {
  // "Civil Engineer - Bridges", "Auditor | Remote", "Nurse, night shifts": the role comes first.
  const head = title.split(/\s[-–—|]\s|[,(/]|\s@\s/)[0];
  return tokenize(head)
    .map((t) => singular(t.lower.replace(/\.$/, '')))
    .filter((w) => !QUALIFIERS.has(w));
}

interface Entry {
  words: string[];
  title: string;
  occupation: Occupation;
}

const MIN_SCORE = 0.6;

export class OccupationIndex {
  readonly size: number;
  private readonly exact = new Map<string, Entry>();
  private readonly byWord = new Map<string, Entry[]>();
  private readonly df = new Map<string, number>();
  private entries = 0;

  /** Earlier occupations win ties: list the preferred source first. */
  constructor(occupations: readonly Occupation[]) {
    this.size = occupations.length;
    for (const occupation of occupations) {
      for (const title of occupation.titles) {
        const words = titleWords(title);
        const key = words.join(' ');
        if (!key || this.exact.has(key)) continue;
        const entry = { words, title, occupation };
        this.exact.set(key, entry);
        this.entries++;
        for (const w of new Set(words)) {
          this.df.set(w, (this.df.get(w) ?? 0) + 1);
          const list = this.byWord.get(w);
          if (list) list.push(entry);
          else this.byWord.set(w, [entry]);
        }
      }
    }
  }

  private weight(word: string): number {
    return Math.log(1 + this.entries / (1 + (this.df.get(word) ?? 0)));
  }

  forTitle(title: string): OccupationMatch | null {
    const words = titleWords(title);
    if (words.length === 0) return null;
    const hit = this.exact.get(words.join(' '));
    if (hit) return { occupation: hit.occupation, via: hit.title, exact: true };
    const role = words.at(-1)!;
    const mine = new Set(words);
    const mass = (ws: Iterable<string>) => [...ws].reduce((sum, w) => sum + this.weight(w), 0);
    const ownMass = mass(mine);
    let best: { entry: Entry; score: number } | null = null;
    for (const entry of this.byWord.get(role) ?? []) {
      // The role word must be the entry's role word too: "engineering manager" is not an engineer.
      if (entry.words.at(-1) !== role) continue;
      const theirs = new Set(entry.words);
      const shared = mass([...mine].filter((w) => theirs.has(w)));
      const score = (2 * shared) / (ownMass + mass(theirs));
      if (!best || score > best.score) best = { entry, score };
    }
    return best && best.score >= MIN_SCORE ? { occupation: best.entry.occupation, via: best.entry.title, exact: false } : null;
  }
}
