// The taxonomy the test processes use: the one npm test imported from ../shared/data when it
// is there (TAXONOMY_DATA_DIR), else the built-in one, exactly as the apps under test load it.
import { loadTaxonomy, type Taxonomy } from '../../src/modules/skills/taxonomy-loader.js';

export function testTaxonomy(): Taxonomy {
  return loadTaxonomy(process.env.TAXONOMY_DATA_DIR || null).taxonomy;
}
