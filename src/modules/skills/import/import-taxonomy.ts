// `npm run taxonomy:import -- --esco DIR [--onet DIR] [--out DIR]`: reads the ESCO and O*NET
// files where they are and writes our taxonomy file into the data directory. The sources'
// files are never copied into the project.
import fs from 'node:fs';
import path from 'node:path';
import { ESCO_SOURCE, type ImportInput, type ImportedOccupation, type ImportedSkill, ONET_SOURCE, TAXONOMY_FILE, TAXONOMY_FORMAT, type TaxonomyFile } from '../taxonomy-file.js';
import { WordCounts } from './common-words.js';
import { ESCO_FILES, escoOccupations, escoRows, escoSkills, ImportError } from './esco.js';
import { ONET_FILES, onetOccupations, onetRows, onetSkills } from './onet.js';

export { ImportError } from './esco.js';

export interface ImportOptions {
  esco: string;
  onet?: string | null;
  out: string;
}

function inputFiles(options: Pick<ImportOptions, 'esco' | 'onet'>): { source: 'esco' | 'onet'; kind: string; file: string }[] {
  const files: { source: 'esco' | 'onet'; kind: string; file: string }[] = Object.entries(ESCO_FILES).map(([kind, name]) => ({ source: 'esco', kind, file: path.resolve(options.esco, name) }));
  if (options.onet) files.push(...Object.entries(ONET_FILES).map(([kind, name]) => ({ source: 'onet' as const, kind, file: path.resolve(options.onet!, name) })));
  return files;
}

/** What the import reads, with sizes and times: a taxonomy built from other inputs is out of date. */
export function importInputs(options: Pick<ImportOptions, 'esco' | 'onet'>): ImportInput[] {
  return inputFiles(options).map(({ source, file }) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new ImportError(`${source.toUpperCase()} file not found: ${file}`);
    }
    return { source, file, bytes: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
  });
}

/** True when `out` holds a taxonomy built by this version from exactly these inputs. */
export function importIsCurrent(options: ImportOptions): boolean {
  try {
    const existing = JSON.parse(fs.readFileSync(path.join(options.out, TAXONOMY_FILE), 'utf8')) as TaxonomyFile;
    return existing.format === TAXONOMY_FORMAT && JSON.stringify(existing.inputs) === JSON.stringify(importInputs(options));
  } catch {
    return false;
  }
}

export interface ImportSummary {
  file: string;
  skills: number;
  occupations: number;
  sources: string[];
  ms: number;
}

/** What a failed filesystem call says, without a stack: "ENOTDIR", else its message. */
function fsReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The output directory, made if need be, before any of the import's work: one that cannot be written is refused at once. */
function prepareOutput(out: string): void {
  try {
    fs.mkdirSync(out, { recursive: true });
    fs.accessSync(out, fs.constants.W_OK);
  } catch (error) {
    throw new ImportError(`cannot write the taxonomy to ${out} (${fsReason(error)})`);
  }
}

export function importTaxonomy(options: ImportOptions): ImportSummary {
  const started = Date.now();
  const inputs = importInputs(options);
  prepareOutput(options.out);
  const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  const esco = {
    skills: escoRows('skills', read(options.esco, ESCO_FILES.skills)),
    occupations: escoRows('occupations', read(options.esco, ESCO_FILES.occupations)),
    relations: escoRows('relations', read(options.esco, ESCO_FILES.relations)),
  };
  const onet = options.onet
    ? {
        technology: onetRows('technology', read(options.onet, ONET_FILES.technology)),
        titles: onetRows('titles', read(options.onet, ONET_FILES.titles)),
        occupations: onetRows('occupations', read(options.onet, ONET_FILES.occupations)),
      }
    : null;

  const counts = new WordCounts();
  for (const row of [...esco.skills, ...esco.occupations]) counts.add(row.description ?? '');
  for (const row of onet?.occupations ?? []) counts.add(row.Description ?? '');

  const skills: ImportedSkill[] = [];
  const occupations: ImportedOccupation[] = [];
  // Product names first: "Microsoft Excel" should own "Excel" before any ESCO label does.
  if (onet) skills.push(...onetSkills(onet.technology, counts));
  const fromEsco = escoSkills(esco.skills, counts);
  skills.push(...fromEsco);
  occupations.push(...escoOccupations(esco.occupations, esco.relations, fromEsco));
  if (onet) occupations.push(...onetOccupations(onet.occupations, onet.titles, onet.technology));

  const file: TaxonomyFile = {
    format: TAXONOMY_FORMAT,
    importedAt: new Date().toISOString(),
    inputs,
    sources: onet ? [ESCO_SOURCE, ONET_SOURCE] : [ESCO_SOURCE],
    skills,
    occupations,
  };
  const target = path.join(options.out, TAXONOMY_FILE);
  // Written beside, then renamed: a process starting meanwhile reads the old file or the new one.
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(file));
    fs.renameSync(tmp, target);
  } catch (error) {
    // A full disk or a directory in the file's place: no half-written file is left behind.
    fs.rmSync(tmp, { force: true });
    throw new ImportError(`cannot write the taxonomy to ${target} (${fsReason(error)})`);
  }
  return { file: target, skills: skills.length, occupations: occupations.length, sources: file.sources.map((s) => s.name), ms: Date.now() - started };
}

