// The imported taxonomy as `npm run taxonomy:import` writes it into the data directory and the
// API and workers read it (see taxonomy-loader.ts). Only what matching needs from each source,
// in our own shape; the sources' own files stay where they are.

export const TAXONOMY_FILE = 'taxonomy.json';
export const TAXONOMY_FORMAT = 1;

export interface TaxonomySource {
  name: string;
  version: string;
  licence: string;
  /** The statement the source's terms require us to show. */
  attribution: string;
  /** How our use differs from the source, which its terms ask us to say. */
  modified: string;
  url: string;
}

export interface ImportedSkill {
  /** Unique within the file: "esco:<uuid>" or "onet:<example>". */
  key: string;
  /** The skill's own names, the first preferred ("Microsoft Excel", "Excel"): a built-in skill with one of them absorbs it. */
  names: string[];
  /** Other ways of writing it. */
  aliases: string[];
  /** Phrase keys among names and aliases that are also ordinary words ("notes", "access"). */
  words: string[];
  category: string;
  source: 'esco' | 'onet';
}

export interface ImportedOccupation {
  key: string;
  title: string;
  /** Every title it goes by, the preferred one first. */
  titles: string[];
  /** Keys of its essential skills, the most telling first. */
  skills: string[];
  source: 'esco' | 'onet';
}

export interface ImportInput {
  source: 'esco' | 'onet';
  file: string;
  bytes: number;
  mtimeMs: number;
}

export interface TaxonomyFile {
  format: number;
  importedAt: string;
  /** The files it was built from, to tell when it is out of date. */
  inputs: ImportInput[];
  sources: TaxonomySource[];
  skills: ImportedSkill[];
  occupations: ImportedOccupation[];
}

export const ESCO_SOURCE: TaxonomySource = {
  name: 'ESCO',
  version: 'v1.1.1',
  licence: 'Commission Decision 2011/833/EU on the reuse of Commission documents',
  attribution: 'This service uses the ESCO classification of the European Commission.',
  modified:
    'Crowdhire has adapted the ESCO skills and occupations it uses: labels longer than four words are left out, parenthesised qualifiers are also read without them, and labels are merged with our own skill list.',
  url: 'https://esco.ec.europa.eu/',
};

export const ONET_SOURCE: TaxonomySource = {
  name: 'O*NET',
  version: '29.2',
  licence: 'CC BY 4.0',
  attribution:
    'This product includes information from the O*NET 29.2 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA.',
  modified:
    'Crowdhire has modified all or some of this information. USDOL/ETA has not approved, endorsed, or tested these modifications.',
  url: 'https://www.onetcenter.org/database.html',
};
