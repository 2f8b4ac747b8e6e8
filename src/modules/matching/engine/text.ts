// Words for lexical relevance: lower-case alphanumeric tokens without stop words, plus each
// taxonomy skill found (as `skill:<id>`), so "k8s" and "Kubernetes" count as one term.
const STOP = new Set(
  'a an and are as at be but by for from has have in into is it its of on or our the their this to was we were will with you your i my me he she they them who what which when where how all any can not no so than then there these those over also using used use work worked working team'.split(' '),
);

export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(/[a-z0-9][a-z0-9+#]*/g)) {
    const w = match[0];
    if (w.length > 1 && !STOP.has(w)) out.push(w);
  }
  return out;
}

export function termFrequencies(terms: string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}
