/**
 * User text as a literal inside a RegExp: `a.b*` matches "a.b*", not "aXbbb". Control characters
 * (a NUL above all) are written as `\xHH` escapes: MongoDB sends a pattern as a C string, in which
 * a raw NUL cannot travel (the driver throws before the query is sent).
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
