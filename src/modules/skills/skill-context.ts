// Where a name that is also a common word ("Go", "progress", "monitoring") or a first name
// ("Ada", "Grace", "Ruby") counts as a skill: in a skills section or list, next to other
// skills, with a version number ("Ruby 3.2"), before a word like "developer" ("Go developer"),
// or, for common words, written in their technical form mid-sentence ("services in Go").
// Pure.
import type { Token } from './tokens.js';

export type Ambiguity = 'word' | 'name';

const HEADER_WORDS =
  '(?:skills?|skill\\s+set|competenc(?:e|ies|y)|technolog(?:y|ies)|tools?|tooling|stack|expertise|languages?|frameworks?|software|proficienc(?:y|ies)|toolkit|platforms?|libraries|keywords?|strengths|knowledge|qualifications?)';
/** "Skills:", "Technical skills -", "TOOLS", "Programming languages (advanced):", "# Tech stack". */
const HEADER = new RegExp(`^[\\s#*•·>\\-]*(?:[\\p{L}/&,]+\\s+){0,3}${HEADER_WORDS}\\s*(?:\\([^)]*\\))?\\s*(?::|[-–—|]\\s|$)`, 'iu');
/** A line that starts a new section: short and ending in a colon, or short and in capitals. */
const OTHER_HEADER = /^[\s#*•·>-]*(?:[\p{L}&/ ]{2,40}:\s*$|[\p{Lu}&/ ]{3,40}$)/u;
const MAX_SECTION_LINES = 40;

/**
 * For each line of `text`, whether it is part of a skills section or a skills line, and how
 * long its header is ("Languages:" names no skill).
 */
export function skillsLines(text: string): { skills: boolean; header: number }[] {
  const lines = text.split('\n');
  const out = lines.map(() => ({ skills: false, header: 0 }));
  let section = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = HEADER.exec(line);
    if (header) {
      out[i] = { skills: true, header: header[0].length };
      // A header alone on its line opens a section: the lines below it, up to a blank line.
      section = line.slice(header[0].length).trim() === '' ? MAX_SECTION_LINES : 0;
      continue;
    }
    if (section > 0) {
      if (line.trim() === '' || OTHER_HEADER.test(line)) section = 0;
      else {
        out[i] = { skills: true, header: 0 };
        section--;
      }
    }
  }
  return out;
}

const VERSION = /^v?\d+(?:\.\d+)*[a-z]?$/i;
const YEAR = /^(?:19|20)\d\d$/;
const ROLE = new Set(['developer', 'developers', 'development', 'engineer', 'engineers', 'programmer', 'programmers', 'programming', 'code', 'codebase', 'language', 'scripts', 'scripting', 'framework', 'stack']);
/** What may stand between two items of one list: commas, slashes, bullets, "and", "or". */
const LIST_GAP = /^[\s,;/|·•&+()[\]*-]*(?:(?:and|or|as well as|plus)[\s,;/|·•&+()[\]*-]*)?$/i;
const LIST_MARK = /[,;/|·•&+\n]|\b(?:and|or|plus)\b/i;
const SAME_SENTENCE_GAP = /^[ \t,'"“”‘’]*$/;

export interface Found {
  /** Index of the first and one past the last token of the mention. */
  from: number;
  to: number;
  ambiguity: Ambiguity | null;
  /** The phrase's tokens as the taxonomy writes them ("Go", "Progress"). */
  form: readonly string[];
}

const capitalised = (t: Token) => /^\p{Lu}/u.test(t.text);

function technicalForm(found: Found, tokens: Token[], text: string): boolean {
  // Written as the taxonomy writes it, with a capital ("Go", "Velocity"), inside a sentence
  // and not among other capitalised words ("Go Team", "Progress Software Ltd").
  if (!found.form.some((t) => /\p{Lu}/u.test(t))) return false;
  for (let k = found.from; k < found.to; k++) if (tokens[k].text !== found.form[k - found.from]) return false;
  const prev = tokens[found.from - 1];
  if (!prev || !SAME_SENTENCE_GAP.test(text.slice(prev.end, tokens[found.from].start)) || capitalised(prev)) return false;
  const next = tokens[found.to];
  if (next && SAME_SENTENCE_GAP.test(text.slice(tokens[found.to - 1].end, next.start)) && capitalised(next)) return false;
  return true;
}

function followedBy(found: Found, tokens: Token[], text: string, test: (t: Token) => boolean): boolean {
  const next = tokens[found.to];
  return !!next && /^[ \t]*$/.test(text.slice(tokens[found.to - 1].end, next.start)) && test(next);
}

/** Which of the mentions found in `text` (in order, not overlapping) count as skills. */
export function acceptedMentions(found: Found[], tokens: Token[], text: string): boolean[] {
  const lineOf: number[] = [];
  const columnOf: number[] = [];
  let line = 0;
  let lineStart = 0;
  let at = 0;
  for (const t of tokens) {
    for (; at < t.start; at++) {
      if (text.charCodeAt(at) === 10) {
        line++;
        lineStart = at + 1;
      }
    }
    lineOf.push(line);
    columnOf.push(t.start - lineStart);
  }
  const ambiguousAny = found.some((f) => f.ambiguity);
  if (!ambiguousAny) return found.map(() => true);
  const skillsLine = skillsLines(text);
  const accepted = found.map((f) => {
    if (!f.ambiguity) return true;
    const where = skillsLine[lineOf[f.from]];
    if (where.skills && columnOf[f.from] >= where.header) return true;
    if (followedBy(f, tokens, text, (t) => VERSION.test(t.text) && !YEAR.test(t.text))) return true;
    if (followedBy(f, tokens, text, (t) => ROLE.has(t.lower))) return true;
    return f.ambiguity === 'word' && technicalForm(f, tokens, text);
  });
  // A list holding a skill that is not in doubt vouches for its other items: "Python, Go and Rust".
  for (let i = 0; i < found.length; ) {
    let j = i;
    while (j + 1 < found.length) {
      const gap = text.slice(tokens[found[j].to - 1].end, tokens[found[j + 1].from].start);
      if (!LIST_GAP.test(gap) || !LIST_MARK.test(gap)) break;
      j++;
    }
    if (j > i && found.slice(i, j + 1).some((f, k) => !f.ambiguity && accepted[i + k])) for (let k = i; k <= j; k++) accepted[k] = true;
    i = j + 1;
  }
  return accepted;
}
