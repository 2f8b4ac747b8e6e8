/** User text as a literal inside a RegExp: `a.b*` matches "a.b*", not "aXbbb". */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

