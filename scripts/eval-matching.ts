// `npm run eval:matching -- <file.jsonl>`: ranks each query's candidates with the real engine
// and prints nDCG@10 and MRR, overall on the last line. One query per line:
// {"job": {"title", "description", "mustHave": [], "niceToHave": []},
//  "candidates": [{"id", "text", "relevance"}]}   (relevance: an integer 0..3)
import fs from 'node:fs';
import { loadConfig } from '../src/config/config-loader.js';
import { evaluate, type EvalQuery } from '../src/modules/matching/engine/evaluation.js';
import type { Component } from '../src/modules/matching/engine/scoring.js';

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run eval:matching -- <file.jsonl>');
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const queries = lines.map((line, i) => {
    try {
      return JSON.parse(line) as EvalQuery;
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
  });
  const config = loadConfig({ MONGODB_URI: 'mongodb://unused', REDIS_URL: 'redis://unused', ...process.env });
  const result = evaluate(queries, { kind: 'weighted', weights: config.MATCH_WEIGHTS as Record<Component, number> });
  result.perQuery.forEach((q, i) => console.log(`query ${i + 1}: ${q.title}  nDCG@10=${q.ndcg.toFixed(3)} RR=${q.rr.toFixed(3)}`));
  console.log(`nDCG@10=${result.ndcg.toFixed(3)} MRR=${result.mrr.toFixed(3)}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
