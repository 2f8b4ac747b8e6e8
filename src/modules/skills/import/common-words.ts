// Which words are ordinary English: counted in the sources' own running text (descriptions
// of skills and occupations), where a product name ("Python", "AutoCAD") is rarely written
// in lower case and an everyday word ("notes", "guide", "access") often is.
import { tokenize } from '../tokens.js';

export class WordCounts {
  private readonly df = new Map<string, number>();
  documents = 0;

  /** Counts each lower-case word of one description once. */
  add(text: string): void {
    this.documents++;
    const seen = new Set<string>();
    for (const t of tokenize(text)) if (t.text === t.lower && /^\p{L}+$/u.test(t.lower)) seen.add(t.lower);
    for (const w of seen) this.df.set(w, (this.df.get(w) ?? 0) + 1);
  }

  count(word: string): number {
    return this.df.get(word) ?? 0;
  }

  /** A word written in lower case in at least `min` descriptions (one in a thousand by default). */
  isCommon(word: string, min = Math.max(3, Math.round(this.documents / 1000))): boolean {
    return this.count(word) >= min;
  }
}
