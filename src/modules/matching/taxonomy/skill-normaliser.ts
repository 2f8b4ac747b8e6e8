// Finds skills in free text and maps written skill names to the taxonomy: "JS" is JavaScript,
// "k8s" is Kubernetes, and "C#", "C++", "Node.js", ".NET" survive punctuation. Pure; the
// taxonomy ships in skills.json (built by scripts/build-skills-taxonomy.ts).
import shippedSkills from './skills.json' with { type: 'json' };

export interface Skill {
  id: string;
  name: string;
  aliases: string[];
  related: string[];
  category: string;
  source: string;
  caseSensitive: boolean;
}

export interface SkillMention {
  skillId: string;
  name: string;
  /** The text as written, and where. */
  text: string;
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
// A phrase stands alone: not glued to letters, digits or the symbols skill names use.
const BEFORE = '(?<![A-Za-z0-9_+#])';
const AFTER = '(?![A-Za-z0-9_+#]|\\.[A-Za-z0-9])';

/** Lower case, single spaces: how names and aliases are compared. */
export function skillText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

export class SkillTaxonomy {
  readonly skills: readonly Skill[];
  private readonly byId = new Map<string, Skill>();
  private readonly byPhrase = new Map<string, Skill>();
  private readonly exact = new Map<string, Skill>();
  private readonly insensitive: RegExp;
  private readonly sensitive: RegExp;

  constructor(skills: Skill[]) {
    this.skills = skills;
    const loose: string[] = [];
    const strict: string[] = [];
    for (const skill of skills) {
      this.byId.set(skill.id, skill);
      for (const phrase of [skill.name, ...skill.aliases]) {
        const key = skillText(phrase);
        if (!key || this.byPhrase.has(key)) continue;
        this.byPhrase.set(key, skill);
        if (skill.caseSensitive && phrase === skill.name) {
          this.exact.set(phrase, skill);
          strict.push(phrase);
        } else if (!skill.caseSensitive) loose.push(phrase);
      }
    }
    // Longest first, so "React Native" wins over "React" and "ASP.NET" over ".NET".
    const alternation = (phrases: string[]) =>
      [...new Set(phrases)]
        .sort((a, b) => b.length - a.length)
        .map((p) => escape(p).replace(/ /g, '\\s+'))
        .join('|');
    this.insensitive = new RegExp(`${BEFORE}(${alternation(loose)})${AFTER}`, 'gi');
    this.sensitive = new RegExp(`${BEFORE}(${alternation(strict)})${AFTER}`, 'g');
  }

  get size(): number {
    return this.skills.length;
  }

  byIdOrNull(id: string): Skill | null {
    return this.byId.get(id) ?? null;
  }

  /** The skill a written name or alias means ("k8s" -> Kubernetes), or null. */
  canonical(written: string): Skill | null {
    return this.byPhrase.get(skillText(written)) ?? null;
  }

  /** A stable key for a skill as written: the taxonomy id, or the normalised text when unknown. */
  key(written: string): string {
    return this.canonical(written)?.id ?? skillText(written);
  }

  related(id: string): Skill[] {
    return (this.byId.get(id)?.related ?? []).map((r) => this.byId.get(r)).filter((s): s is Skill => s !== undefined);
  }

  /** Every mention of a known skill in the text, in order, without overlaps. */
  find(text: string): SkillMention[] {
    const mentions: SkillMention[] = [];
    for (const [pattern, lookup] of [
      [this.insensitive, (m: string) => this.byPhrase.get(skillText(m))],
      [this.sensitive, (m: string) => this.exact.get(m.replace(/\s+/g, ' '))],
    ] as const) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        const skill = lookup(match[1]);
        if (skill) mentions.push({ skillId: skill.id, name: skill.name, text: match[1], start: match.index, end: match.index + match[1].length });
      }
    }
    mentions.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: SkillMention[] = [];
    for (const m of mentions) if (!kept.length || m.start >= kept[kept.length - 1].end) kept.push(m);
    return kept;
  }

  /** The distinct skill ids mentioned in the text. */
  skillIds(text: string): string[] {
    return [...new Set(this.find(text).map((m) => m.skillId))];
  }
}

let shared: SkillTaxonomy | undefined;

/** The shipped taxonomy, built once per process. */
export function skillTaxonomy(): SkillTaxonomy {
  shared ??= new SkillTaxonomy(shippedSkills as Skill[]);
  return shared;
}
