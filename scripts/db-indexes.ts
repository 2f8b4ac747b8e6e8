// `npm run db:indexes` during development: reads .env like npm start, then runs the index
// build that production runs from the image (src/db-indexes.ts).
import { loadDotEnv } from './paths.js';

loadDotEnv();
await import('../src/db-indexes.js');
