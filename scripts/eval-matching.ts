// `npm run eval:matching -- <file.jsonl>`: ranks each query's candidates with the real engine
// and prints nDCG@10 and MRR beside a plain BM25 baseline over the same texts (same
// tokenisation, the job's text as the query); overall on the last lines. One query per line:
// {"occupation", "software", "job": {"title", "description", "mustHave": [], "niceToHave": []},
//  "candidates": [{"id", "text", "relevance", "reason"}]}   (relevance: an integer 0..3)
// The taxonomy is the one in TAXONOMY_DATA_DIR when set (see npm run taxonomy:import), else
// ../shared/data imported into .data/taxonomy when it is there, as npm test and npm run bench do.
import fs from 'node:fs';
import { loadConfig } from '../src/config/config-loader.js';
import { evaluate, parseEvalQuery } from '../src/modules/matching/engine/evaluation.js';
import type { Component } from '../src/modules/matching/engine/scoring.js';
import { loadTaxonomy } from '../src/modules/skills/taxonomy-loader.js';
import { cliArguments } from './cli.js';
import { chosenTaxonomy } from './local-taxonomy.js';

function main(): void {
  const [file] = cliArguments({}, 'usage: npm run eval:matching -- <file.jsonl>', 1).positionals;
  // Line numbers as an editor shows them: blank lines are skipped, not renumbered.
  const queries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      try {
        return [parseEvalQuery(JSON.parse(line))];
      } catch (error) {
        throw new Error(`${file}:${i + 1}: ${error instanceof SyntaxError ? 'not JSON' : (error as Error).message}`);
      }
    });
  if (queries.length === 0) throw new Error(`${file}: no queries (one JSON object per line)`);
  const config = loadConfig({ MONGODB_URI: 'mongodb://unused', REDIS_URL: 'redis://unused', ...process.env });
  const { taxonomy, missing } = loadTaxonomy(chosenTaxonomy().dir);
  console.log(`taxonomy: ${taxonomy.origin} (${taxonomy.skills.size} skills, ${taxonomy.occupations.size} occupations)${missing ? `: ${missing}` : ''}`);
  const result = evaluate(queries, { kind: 'weighted', weights: config.MATCH_WEIGHTS as Record<Component, number> }, taxonomy);
  const f = (x: number) => x.toFixed(3);
  result.perQuery.forEach((q, i) =>
    console.log(`query ${i + 1}: ${q.title}${q.occupation ? ` [${q.occupation}]` : ''}  nDCG@10=${f(q.ndcg)} (BM25 ${f(q.baseline.ndcg)})  RR=${f(q.rr)} (BM25 ${f(q.baseline.rr)})`),
  );
  const pairs = queries.reduce((n, q) => n + q.candidates.length, 0);
  const group = (name: string, list: typeof result.perQuery) => {
    if (list.length === 0) return;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`${name} (${list.length} queries): nDCG@10=${f(mean(list.map((q) => q.ndcg)))}  BM25 nDCG@10=${f(mean(list.map((q) => q.baseline.ndcg)))}`);
  };
  group('software', result.perQuery.filter((q) => q.software === true));
  group('outside software', result.perQuery.filter((q) => q.software === false));
  console.log(`${queries.length} queries, ${pairs} graded pairs`);
  console.log(`BM25 baseline: nDCG@10=${f(result.baseline.ndcg)} MRR=${f(result.baseline.mrr)}`);
  console.log(`engine:        nDCG@10=${f(result.ndcg)} MRR=${f(result.mrr)}  (${result.ndcg >= result.baseline.ndcg ? '+' : ''}${f(result.ndcg - result.baseline.ndcg)} over BM25)`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
