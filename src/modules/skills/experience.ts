// Years of experience from dated entries (`YYYY-MM`, open end = now), overlapping periods
// counted once: two jobs at the same time are not two years of experience.

export interface DatedEntry {
  start: string;
  end?: string;
}

function month(value: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

export function yearsOf(entries: DatedEntry[], now = new Date()): number | null {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const spans = entries
    .map((e) => [month(e.start), e.end ? month(e.end) : current] as const)
    .filter((s): s is readonly [number, number] => s[0] !== null && s[1] !== null && s[1] >= s[0])
    .map(([a, b]) => [a, b + 1] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  if (spans.length === 0) return null;
  let total = 0;
  let [start, end] = spans[0];
  for (const [a, b] of spans.slice(1)) {
    if (a <= end) end = Math.max(end, b);
    else {
      total += end - start;
      [start, end] = [a, b];
    }
  }
  total += end - start;
  return Math.round((total / 12) * 10) / 10;
}
