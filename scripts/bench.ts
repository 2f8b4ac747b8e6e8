// `npm run bench`: starts throwaway MongoDB and Redis like the tests, then runs each benchmark
// in bench/ (or those named as arguments). Benchmarks print figures; they never fail on timing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLocalServices } from '../src/infra/embedded/local-services.js';
import { chosenTaxonomy } from './local-taxonomy.js';
import { DIST } from './paths.js';

interface Bench {
  name: string;
  /** Throws when one of the benchmark's own settings (BENCH_* variables) is wrong. */
  check?(): void;
  run(env: Record<string, string>): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const dir = path.join(DIST, 'bench');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort();
  const benches: Bench[] = [];
  for (const file of files) benches.push((await import(pathToFileURL(path.join(dir, file)).href)) as Bench);
  // A name that is no benchmark is a typo: said before anything starts, not a run of nothing.
  const unknown = only.filter((name) => !benches.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`no benchmark named ${unknown.join(', ')}; there are: ${benches.map((b) => b.name).join(', ')}\nusage: npm run bench [-- <name>...]`);
    process.exit(2);
  }
  // So is a wrong setting: said now, not after the benchmarks before it have run.
  for (const bench of benches.filter((b) => only.length === 0 || only.includes(b.name))) {
    try {
      bench.check?.();
    } catch (error) {
      console.error(`${bench.name}: ${(error as Error).message}`);
      process.exit(2);
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-'));
  const services = await startLocalServices({
    dataDir,
    persistent: false,
    database: 'crowdhire-bench',
    env: { MONGODB_URI: process.env.BENCH_MONGODB_URI, REDIS_URL: process.env.BENCH_REDIS_URL },
    log: (line) => console.log(`[bench] ${line}`),
  });
  try {
    console.log(`[bench] ${os.cpus().length} cores, node ${process.version}`);
    const taxonomy = chosenTaxonomy();
    console.log(`[bench] ${taxonomy.note}`);
    for (const bench of benches) {
      if (only.length > 0 && !only.includes(bench.name)) continue;
      console.log(`\n== ${bench.name}`);
      await bench.run({ NODE_ENV: 'test', ...services.env, REDIS_KEY_PREFIX: `bench-${bench.name}`, TAXONOMY_DATA_DIR: taxonomy.dir ?? '', DEV_IDP_KEY_FILE: path.join(dataDir, 'dev-idp-key.json') });
    }
  } finally {
    await services.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
