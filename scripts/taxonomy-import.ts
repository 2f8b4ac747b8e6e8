// `npm run taxonomy:import -- --esco DIR [--onet DIR] [--out DIR]`: builds the occupation-wide
// taxonomy from ESCO v1.1.1 CSVs (and O*NET 29.2 TSVs) into the data directory (--out, else
// TAXONOMY_DATA_DIR, else .data/taxonomy), where the API and workers load it from
// (TAXONOMY_DATA_DIR). The source files are read where they are, never copied.
import path from 'node:path';
import { ImportError, importTaxonomy } from '../src/modules/skills/import/import-taxonomy.js';
import { cliOptions } from './cli.js';
import { loadDotEnv, ROOT } from './paths.js';

function main(): number {
  loadDotEnv();
  const values = cliOptions({ esco: { type: 'string' }, onet: { type: 'string' }, out: { type: 'string' } }, 'usage: npm run taxonomy:import -- --esco DIR [--onet DIR] [--out DIR]');
  if (!values.esco) {
    process.stderr.write('usage: npm run taxonomy:import -- --esco DIR [--onet DIR] [--out DIR]\n  --esco: the folder with ESCO v1.1.1 skills_en.csv, occupations_en.csv, occupationSkillRelations.csv\n  --onet: the folder with O*NET 29.2 Technology Skills.tsv, Alternate Titles.tsv, Occupation Data.tsv\n');
    return 2;
  }
  const out = path.resolve(values.out ?? (process.env.TAXONOMY_DATA_DIR || path.join(ROOT, '.data', 'taxonomy')));
  try {
    const summary = importTaxonomy({ esco: path.resolve(values.esco), onet: values.onet ? path.resolve(values.onet) : null, out });
    process.stdout.write(`imported ${summary.skills} skills and ${summary.occupations} occupations from ${summary.sources.join(' and ')} in ${(summary.ms / 1000).toFixed(1)} s\nwrote ${summary.file}\nset TAXONOMY_DATA_DIR=${out} for the API and workers\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) {
      process.stderr.write(`taxonomy import failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
