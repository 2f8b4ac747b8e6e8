// `npm run db:indexes` during development: reads .env like npm start, then runs the index
// build that production runs from the image (src/db-indexes.ts).
import { cliOptions } from './cli.js';
import { loadDotEnv } from './paths.js';

// It takes no argument: one it ignored (say --dry-run) would still build and drop indexes.
cliOptions({}, 'usage: npm run db:indexes (creates the declared indexes and drops the others; settings from the environment and .env)');
loadDotEnv();
await import('../src/db-indexes.js');
