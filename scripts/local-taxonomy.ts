// The occupation-wide taxonomy for `npm start`, `npm test` and `npm run bench` on this
// machine: imported from ../shared/data (ESCO and O*NET, never copied into the project) into
// .data/taxonomy, again only when the source files changed. Without the data, the product
// runs on its built-in technology taxonomy.
import fs from 'node:fs';
import path from 'node:path';
import { importIsCurrent, importTaxonomy } from '../src/modules/skills/import/import-taxonomy.js';
import { ROOT } from './paths.js';

export const SHARED_DATA = path.resolve(ROOT, '..', 'shared', 'data');
export const LOCAL_TAXONOMY_DIR = path.join(ROOT, '.data', 'taxonomy');

export interface LocalTaxonomy {
  /** The directory to use as TAXONOMY_DATA_DIR, or null for the built-in taxonomy. */
  dir: string | null;
  /** One line saying which taxonomy is used and why. */
  note: string;
}

export function ensureLocalTaxonomy(dataDir = SHARED_DATA, out = LOCAL_TAXONOMY_DIR): LocalTaxonomy {
  const esco = path.join(dataDir, 'esco');
  const onet = path.join(dataDir, 'onet');
  if (!fs.existsSync(path.join(esco, 'skills_en.csv'))) {
    return { dir: null, note: `taxonomy: built-in technology skills only (no ESCO data at ${esco}; see README, "Skills taxonomy")` };
  }
  const options = { esco, onet: fs.existsSync(path.join(onet, 'Technology Skills.tsv')) ? onet : null, out };
  if (importIsCurrent(options)) return { dir: out, note: `taxonomy: ESCO${options.onet ? ' and O*NET' : ''} from ${dataDir} (imported earlier into ${path.relative(ROOT, out)})` };
  const summary = importTaxonomy(options);
  return { dir: out, note: `taxonomy: imported ${summary.skills} skills and ${summary.occupations} occupations from ${summary.sources.join(' and ')} into ${path.relative(ROOT, out)} in ${(summary.ms / 1000).toFixed(1)} s` };
}

/** TAXONOMY_DATA_DIR when it is set (empty: the built-in taxonomy), else the local import. */
export function chosenTaxonomy(env: NodeJS.ProcessEnv = process.env): LocalTaxonomy {
  const set = env.TAXONOMY_DATA_DIR;
  return set !== undefined ? { dir: set || null, note: `taxonomy: TAXONOMY_DATA_DIR=${set}` } : ensureLocalTaxonomy();
}
