/** User text as a literal inside a RegExp: `a.b*` matches "a.b*", not "aXbbb". */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** How skills are compared in filters and indexes until the taxonomy maps synonyms. */
export function skillKey(skill: string): string {
  return skill.trim().toLowerCase().replace(/\s+/g, ' ');
}
