// Finds skills in free text and maps written skill names to the taxonomy: "JS" is JavaScript,
// "k8s" is Kubernetes, "Dockers" is Docker, and "C#", "C++", "Node.js", ".NET" survive
// punctuation. Names that are also common words or first names count only in a skills
// context (see skill-context.ts). Pure; where the skills come from is taxonomy-loader.ts.
import { acceptedMentions, type Ambiguity, type Found } from './skill-context.js';
import { phraseKey, skillText, type Token, tokenize } from './tokens.js';

export interface Skill {
  id: string;
  name: string;
  aliases: string[];
  related: string[];
  category: string;
  /** Where it comes from: linguist, curated, both, esco, onet (or a merge: "curated+onet"). */
  source: string;
  /** The name matches in free text only with this exact capitalisation ("R", "Red"). */
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

/** A requirement as the employer wrote it, resolved to one or more skills. */
export interface ResolvedRequirement {
  label: string;
  /** The taxonomy skill, or null when the phrase is not a known skill. */
  skill: Skill | null;
  /** The skill id, or the phrase's own key when unknown. */
  key: string;
}

interface Phrase {
  tokens: string[];
  /** As the taxonomy writes it. */
  form: string[];
  skill: Skill;
  ambiguity: Ambiguity | null;
  /** Matches only with exactly this capitalisation. */
  exact: boolean;
}

/** Tokens of one phrase are apart by spaces, hyphens or slashes only: never across a line or a comma. */
const PHRASE_GAP = /^[ \t\u00a0/_-]{0,3}$/;

function plural(written: string, phrase: string): boolean {
  return written.length === phrase.length + 1 && written.endsWith('s') && written.startsWith(phrase) && /^\p{L}{3,}$/u.test(phrase);
}

export class SkillTaxonomy {
  readonly skills: readonly Skill[];
  private readonly byId = new Map<string, Skill>();
  private readonly byKey = new Map<string, Skill>();
  private readonly byFirst = new Map<string, Phrase[]>();

  /**
   * `ambiguous`: phrase keys (see phraseKey) that are also common words or first names.
   * `exact`: phrases, as written, that match only so written (imported acronyms: "DID" is not "did").
   */
  constructor(skills: readonly Skill[], ambiguous: ReadonlyMap<string, Ambiguity> = new Map(), exact: ReadonlySet<string> = new Set()) {
    this.skills = skills;
    for (const skill of skills) {
      this.byId.set(skill.id, skill);
      for (const written of [skill.name, ...skill.aliases]) {
        const tokens = tokenize(written);
        const key = tokens.map((t) => t.lower).join(' ');
        if (!key || this.byKey.has(key)) continue;
        this.byKey.set(key, skill);
        const phrase: Phrase = {
          tokens: tokens.map((t) => t.lower),
          form: tokens.map((t) => t.text),
          skill,
          ambiguity: ambiguous.get(key) ?? null,
          exact: (skill.caseSensitive && written === skill.name) || exact.has(written),
        };
        const list = this.byFirst.get(phrase.tokens[0]);
        if (list) list.push(phrase);
        else this.byFirst.set(phrase.tokens[0], [phrase]);
      }
    }
    // Longest first, so "React Native" wins over "React" and "Ruby on Rails" over "Ruby".
    for (const list of this.byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  get size(): number {
    return this.skills.length;
  }

  byIdOrNull(id: string): Skill | null {
    return this.byId.get(id) ?? null;
  }

  /** The skill a written name or alias means ("k8s" -> Kubernetes, "Dockers" -> Docker), or null. */
  canonical(written: string): Skill | null {
    const key = phraseKey(written);
    const exact = this.byKey.get(key);
    if (exact) return exact;
    const last = key.split(' ').at(-1) ?? '';
    return plural(last, last.slice(0, -1)) ? (this.byKey.get(key.slice(0, -1)) ?? null) : null;
  }

  /** A stable key for a skill as written: the taxonomy id, or the normalised text when unknown. */
  key(written: string): string {
    return this.canonical(written)?.id ?? (phraseKey(written) || skillText(written));
  }

  related(id: string): Skill[] {
    return (this.byId.get(id)?.related ?? []).map((r) => this.byId.get(r)).filter((s): s is Skill => s !== undefined);
  }

  /**
   * A requirement as written, as skills: "Search Engine Optimization (SEO)" is one skill,
   * "Docker and Kubernetes" two. A requirement list is a skills context: "Go" is the language.
   */
  resolve(written: string): ResolvedRequirement[] {
    const whole = this.canonical(written);
    if (whole) return [{ label: written.trim(), skill: whole, key: whole.id }];
    const paren = /^(.*?)\s*\(([^)]*)\)\s*(.*)$/.exec(written);
    if (paren) {
      const outer = `${paren[1]} ${paren[3]}`.trim();
      const found = this.canonical(outer) ?? this.canonical(paren[2]);
      if (found) return [{ label: written.trim(), skill: found, key: found.id }];
    }
    const parts = written
      .split(/\s*(?:[,;/]|\s&\s|\band\b|\bor\b)\s*/i)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length > 1) {
      const skills = parts.map((p) => this.canonical(p));
      if (skills.every((s) => s !== null)) {
        const seen = new Set<string>();
        return parts.flatMap((label, i) => (seen.has(skills[i]!.id) ? [] : (seen.add(skills[i]!.id), [{ label, skill: skills[i], key: skills[i]!.id }])));
      }
    }
    return [{ label: written.trim(), skill: null, key: phraseKey(written) || skillText(written) }];
  }

  private matchAt(tokens: Token[], i: number, text: string): Phrase | null {
    const first = tokens[i];
    const candidates = this.byFirst.get(first.lower) ?? [];
    for (const phrase of candidates) if (this.matches(phrase, tokens, i, text)) return phrase;
    if (first.lower.endsWith('s')) {
      for (const phrase of this.byFirst.get(first.lower.slice(0, -1)) ?? []) {
        if (phrase.tokens.length === 1 && !phrase.exact && plural(first.lower, phrase.tokens[0])) return phrase;
      }
    }
    return null;
  }

  private matches(phrase: Phrase, tokens: Token[], i: number, text: string): boolean {
    const n = phrase.tokens.length;
    if (i + n > tokens.length) return false;
    for (let k = 0; k < n; k++) {
      const t = tokens[i + k];
      if (k > 0 && !PHRASE_GAP.test(text.slice(tokens[i + k - 1].end, t.start))) return false;
      if (phrase.exact) {
        if (t.text !== phrase.form[k]) return false;
      } else if (t.lower !== phrase.tokens[k] && !(k === n - 1 && n > 1 && plural(t.lower, phrase.tokens[k]))) return false;
    }
    return true;
  }

  /** Every mention of a known skill in the text that counts as one, in order, without overlaps. */
  find(text: string): SkillMention[] {
    const tokens = tokenize(text);
    const found: (Found & { phrase: Phrase })[] = [];
    for (let i = 0; i < tokens.length; ) {
      const phrase = this.matchAt(tokens, i, text);
      if (!phrase) {
        i++;
        continue;
      }
      found.push({ from: i, to: i + phrase.tokens.length, ambiguity: phrase.ambiguity, form: phrase.form, phrase });
      i += phrase.tokens.length;
    }
    const accepted = acceptedMentions(found, tokens, text);
    const mentions: SkillMention[] = [];
    found.forEach((f, k) => {
      if (!accepted[k]) return;
      const start = tokens[f.from].start;
      const end = tokens[f.to - 1].end;
      mentions.push({ skillId: f.phrase.skill.id, name: f.phrase.skill.name, text: text.slice(start, end), start, end });
    });
    return mentions;
  }

  /** The distinct skill ids mentioned in the text. */
  skillIds(text: string): string[] {
    return [...new Set(this.find(text).map((m) => m.skillId))];
  }
}
