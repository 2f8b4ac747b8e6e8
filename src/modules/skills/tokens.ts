// Words as skill names are written: "C++", "C#", "Node.js", ".NET", "ASP.NET" and "3.5" are one
// token each; hyphens, slashes and spaces separate ("front-end" = "front end", "CI/CD" = "CI CD").
// Skill phrases and free text are cut the same way, so a phrase matches a run of tokens.

export interface Token {
  /** As written. */
  text: string;
  /** Lower case: how phrases are compared. */
  lower: string;
  start: number;
  end: number;
}

const TOKEN = /(?<![\p{L}\p{N}.])\.?[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)*[+#]*/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

/** The comparison key of a written phrase: its tokens, lower case, one space apart. */
export function phraseKey(text: string): string {
  return tokenize(text)
    .map((t) => t.lower)
    .join(' ');
}

/** Lower case, single spaces: how free-form names (cities, countries) are compared. */
export function skillText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
