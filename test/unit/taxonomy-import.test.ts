// The taxonomy importer on small ESCO- and O*NET-shaped files written here (the real ones are
// never part of the project): RFC 4180 records with CRLF ends and labels on several lines,
// vendor names merged into built-in skills, acronyms, loose labels read as words, occupations
// with their essential skills, and clear errors for missing or foreign files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseCsv } from '../../src/modules/skills/import/delimited.js';
import { ImportError, importIsCurrent, importTaxonomy } from '../../src/modules/skills/import/import-taxonomy.js';
import { jobProfile } from '../../src/modules/matching/engine/profiles.js';
import { loadTaxonomy, TaxonomyLoadError } from '../../src/modules/skills/taxonomy-loader.js';
import { TAXONOMY_FILE } from '../../src/modules/skills/taxonomy-file.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const uri = (kind: string, n: number) => `http://data.europa.eu/esco/${kind}/00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const csv = (rows: string[][]) => rows.map((r) => r.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
const guide = 'A guide to the work; the guide explains what to do and the guide is common.';

function writeEsco(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const skillHeader = ['conceptType', 'conceptUri', 'skillType', 'reuseLevel', 'preferredLabel', 'altLabels', 'hiddenLabels', 'status', 'modifiedDate', 'scopeNote', 'definition', 'inScheme', 'description'];
  const skill = (n: number, type: string, label: string, alt: string[], description = guide) => ['KnowledgeSkillCompetence', uri('skill', n), type, 'sector-specific', label, alt.join('\n'), '', 'released', '', '', '', '', description];
  fs.writeFileSync(
    path.join(dir, 'skills_en.csv'),
    `\ufeff${csv([
      skillHeader,
      skill(1, 'knowledge', 'phlebotomy', ['venepuncture', 'blood drawing', 'hopper']),
      skill(2, 'knowledge', 'Python (computer programming)', ['Python']),
      skill(3, 'skill/competence', 'guide', ['lead the way']),
      skill(4, 'knowledge', 'quantity surveying', ['cost estimating', 'QS'], 'Estimating "costs", with quotes, commas\nand a line break.'),
      skill(5, 'skill/competence', 'manage the preparation of the annual budget for a large public sector organisation', []),
      skill(6, 'knowledge', 'civil engineering', []),
    ])}`,
  );
  const occHeader = ['conceptType', 'conceptUri', 'iscoGroup', 'preferredLabel', 'altLabels', 'hiddenLabels', 'status', 'modifiedDate', 'regulatedProfessionNote', 'scopeNote', 'definition', 'inScheme', 'description', 'code'];
  fs.writeFileSync(
    path.join(dir, 'occupations_en.csv'),
    csv([occHeader, ['Occupation', uri('occupation', 1), '2149', 'quantity surveyor', 'cost consultant\nbuilding surveyor', '', 'released', '', '', '', '', '', guide, '2149.1'], ['Occupation', uri('occupation', 2), '3212', 'phlebotomist', '', '', 'released', '', '', '', '', '', guide, '3212.1']]),
  );
  fs.writeFileSync(
    path.join(dir, 'occupationSkillRelations.csv'),
    csv([
      ['occupationUri', 'relationType', 'skillType', 'skillUri'],
      [uri('occupation', 1), 'essential', 'knowledge', uri('skill', 4)],
      [uri('occupation', 1), 'essential', 'knowledge', uri('skill', 6)],
      [uri('occupation', 1), 'optional', 'knowledge', uri('skill', 1)],
      [uri('occupation', 2), 'essential', 'knowledge', uri('skill', 1)],
    ]),
  );
}

function writeOnet(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const tech = [
    ['O*NET-SOC Code', 'Title', 'Example', 'Commodity Code', 'Commodity Title', 'Hot Technology', 'In Demand'],
    ['17-1022.00', 'Surveyors', 'Autodesk AutoCAD', '1', 'CAD', 'Y', 'Y'],
    ['17-1022.00', 'Surveyors', 'Autodesk Inventor', '1', 'CAD', 'N', 'N'],
    ['17-1022.00', 'Surveyors', 'Autodesk Revit', '1', 'CAD', 'N', 'N'],
    ['17-1022.00', 'Surveyors', 'Trimble Business Center', '1', 'Survey', 'Y', 'N'],
    ['17-1022.00', 'Surveyors', 'Microsoft Excel', '1', 'Spreadsheet', 'Y', 'Y'],
    ['17-1022.00', 'Surveyors', 'Microsoft Word', '1', 'Word processing', 'N', 'N'],
    ['17-1022.00', 'Surveyors', 'Microsoft Teams', '1', 'Collaboration', 'N', 'N'],
    ['17-1022.00', 'Surveyors', 'Geographic information system GIS software', '1', 'GIS', 'Y', 'N'],
    ['17-1022.00', 'Surveyors', 'Sage 50 Accounting', '1', 'Accounting', 'N', 'N'],
    ['13-2011.00', 'Accountants', 'Microsoft Excel', '1', 'Spreadsheet', 'Y', 'Y'],
  ];
  fs.writeFileSync(path.join(dir, 'Technology Skills.tsv'), tech.map((r) => r.join('\t')).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'Alternate Titles.tsv'), ['O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\tSource(s)', '17-1022.00\tSurveyors\tLand Surveyor\t\t08', '17-1022.00\tSurveyors\tGeodetic Surveyor\tGeodesist\t10'].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'Occupation Data.tsv'), ['O*NET-SOC Code\tTitle\tDescription', `17-1022.00\tSurveyors\t${guide} Teams of people share notes.`, '13-2011.00\tAccountants\tKeep the books.'].join('\n') + '\n');
}

describe('taxonomy import', () => {
  let dir: string;
  let esco: string;
  let onet: string;
  let out: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxonomy-import-'));
    esco = path.join(dir, 'esco');
    onet = path.join(dir, 'onet');
    out = path.join(dir, 'out');
    writeEsco(esco);
    writeOnet(onet);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses RFC 4180: quotes, doubled quotes, separators and line breaks inside fields, CRLF records', () => {
    assert.deepEqual(parseCsv('a,"b ""c"", d\r\ne",f\r\n1,,3\r\n'), [
      ['a', 'b "c", d\r\ne', 'f'],
      ['1', '', '3'],
    ]);
  });

  it('imports skills and occupations and says what it did', () => {
    const summary = importTaxonomy({ esco, onet, out });
    assert.deepEqual([summary.sources, summary.file], [['ESCO', 'O*NET'], path.join(out, TAXONOMY_FILE)]);
    assert.ok(summary.skills >= 10 && summary.occupations === 4, JSON.stringify(summary));
    assert.equal(importIsCurrent({ esco, onet, out }), true);
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(esco, 'skills_en.csv'), later, later);
    assert.equal(importIsCurrent({ esco, onet, out }), false, 'a changed source file makes the import out of date');
  });

  it('merges vendor-qualified names into the built-in skills and adds the rest', () => {
    importTaxonomy({ esco, onet, out });
    const { taxonomy } = loadTaxonomy(out);
    const skills = taxonomy.skills;
    assert.equal(taxonomy.origin, 'imported');
    assert.equal(skills.canonical('Microsoft Excel')?.id, 'excel');
    assert.equal(skills.canonical('Autodesk AutoCAD')?.id, 'autocad');
    assert.match(skills.canonical('Autodesk AutoCAD')!.source, /onet/);
    assert.equal(skills.canonical('Python (computer programming)')?.id, 'python', 'the qualifier is read without its parentheses');
    assert.equal(skills.canonical('Inventor')?.name, 'Autodesk Inventor', 'a vendor shared by several products is also left out');
    assert.equal(skills.canonical('50 Accounting'), null, 'a vendor is kept when what follows names nothing');
    assert.equal(skills.canonical('GIS')?.name, 'Geographic information system GIS software');
    assert.equal(skills.canonical('geographic information system')?.name, 'Geographic information system GIS software');
    assert.equal(skills.canonical('venepuncture')?.name, 'phlebotomy');
    assert.equal(skills.canonical('manage the preparation of the annual budget for a large public sector organisation'), null, 'sentences are not labels');
    assert.deepEqual(
      skills.find('Phlebotomy and venepuncture daily; quantity surveying; Autodesk Inventor; AutoCAD').map((m) => m.name),
      ['phlebotomy', 'phlebotomy', 'quantity surveying', 'Autodesk Inventor', 'AutoCAD'],
    );
  });

  it('reads loose one-word labels, ordinary words and acronyms as such', () => {
    const skills = loadTaxonomy(out).taxonomy.skills;
    assert.deepEqual(skills.find('Inspired by Grace Hopper.').map((m) => m.name), [], 'a one-word alternative label is a word first');
    assert.deepEqual(skills.find('I wrote a guide for new starters; our teams share notes.').map((m) => m.name), [], 'ordinary words in the sources’ own prose');
    assert.deepEqual(skills.find('Meetings run on Teams.').map((m) => m.name), ['Microsoft Teams'], 'a product name written as one, mid-sentence');
    assert.deepEqual(skills.find('Skills: guide, Teams').map((m) => m.name), ['guide', 'Microsoft Teams']);
    assert.deepEqual(skills.find('qs is not QS').map((m) => m.text), ['QS'], 'an imported acronym only as written');
  });

  it('maps titles to imported occupations, whose essential skills become implied requirements', () => {
    const { taxonomy } = loadTaxonomy(out);
    assert.equal(taxonomy.occupations.forTitle('Senior Quantity Surveyor')?.occupation.title, 'quantity surveyor');
    assert.equal(taxonomy.occupations.forTitle('Cost Consultant (m/f/d)')?.occupation.title, 'quantity surveyor');
    assert.equal(taxonomy.occupations.forTitle('Land Surveyor')?.occupation.title, 'Surveyors');
    const job = jobProfile({ id: 'j', revision: 1, title: 'Quantity Surveyor', description: 'Costs for our projects.', mustHave: [], niceToHave: [], seniority: 'mid', workplace: 'remote', location: {} }, taxonomy);
    assert.deepEqual(job.implied.map((r) => r.label), ['Civil Engineering', 'quantity surveying'], 'ESCO civil engineering is the built-in skill');
    const surveyor = taxonomy.occupations.forTitle('Land Surveyor')!.occupation;
    assert.deepEqual(surveyor.skills.map((id) => taxonomy.skills.byIdOrNull(id)?.name), ['AutoCAD', 'Geographic information system GIS software', 'Trimble Business Center', 'Excel'], 'specific hot technologies first, ones every occupation has last');
  });

  it('shows the sources’ attribution and says it adapted them', () => {
    const { taxonomy } = loadTaxonomy(out);
    const [e, o] = taxonomy.sources;
    assert.equal(e.attribution, 'This service uses the ESCO classification of the European Commission.');
    assert.match(e.modified, /adapted/);
    assert.match(o.attribution, /O\*NET 29\.2 Database by the U\.S\. Department of Labor.*CC BY 4\.0/);
    assert.match(o.modified, /USDOL\/ETA has not approved, endorsed, or tested these modifications/);
  });

  it('refuses missing and foreign files with a clear message, and the loader refuses a broken taxonomy', () => {
    assert.throws(() => importTaxonomy({ esco: path.join(dir, 'nowhere'), out }), (e: unknown) => e instanceof ImportError && /ESCO file not found: .*skills_en\.csv/.test(e.message));
    const foreign = path.join(dir, 'foreign');
    fs.cpSync(esco, foreign, { recursive: true });
    fs.writeFileSync(path.join(foreign, 'skills_en.csv'), 'name,label\r\nx,y\r\n');
    assert.throws(() => importTaxonomy({ esco: foreign, out: path.join(dir, 'out2') }), /skills_en\.csv lacks the column\(s\) conceptUri, skillType, preferredLabel, altLabels, description/);
    assert.equal(loadTaxonomy(path.join(dir, 'empty')).taxonomy.origin, 'builtin', 'no taxonomy there: the built-in one');
    assert.match(loadTaxonomy(path.join(dir, 'empty')).missing ?? '', /does not exist \(run npm run taxonomy:import\)/);
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', TAXONOMY_FILE), '{"format": 99}');
    assert.throws(() => loadTaxonomy(path.join(dir, 'broken')), (e: unknown) => e instanceof TaxonomyLoadError && /another version/.test(e.message));
  });

  it('runs as npm run taxonomy:import, with usage on bad arguments', () => {
    const cli = path.join(ROOT, 'dist/scripts/taxonomy-import.js');
    const output = execFileSync(process.execPath, [cli, '--esco', esco, '--onet', onet, '--out', path.join(dir, 'cli')], { encoding: 'utf8' });
    assert.match(output, /imported \d+ skills and 4 occupations from ESCO and O\*NET/);
    assert.ok(fs.existsSync(path.join(dir, 'cli', TAXONOMY_FILE)));
    assert.throws(() => execFileSync(process.execPath, [cli], { stdio: 'pipe' }), (e: { status?: number; stderr?: Buffer }) => e.status === 2 && /usage: npm run taxonomy:import -- --esco DIR/.test(String(e.stderr)));
    assert.throws(() => execFileSync(process.execPath, [cli, '--esco', path.join(dir, 'nowhere')], { stdio: 'pipe' }), (e: { status?: number; stderr?: Buffer }) => e.status === 1 && /ESCO file not found/.test(String(e.stderr)));
    // An output that cannot be written: said as such, exit 1, no stack trace.
    const notADir = path.join(dir, 'a-file');
    fs.writeFileSync(notADir, 'x');
    assert.throws(
      () => execFileSync(process.execPath, [cli, '--esco', esco, '--out', path.join(notADir, 'taxonomy')], { stdio: 'pipe' }),
      (e: { status?: number; stderr?: Buffer }) => e.status === 1 && /^taxonomy import failed: cannot write the taxonomy to .*a-file\/taxonomy \(ENOTDIR\)$/m.test(String(e.stderr)) && !/^\s+at /m.test(String(e.stderr)),
    );
  });

  it('leaves no half-written file when the taxonomy cannot be written', () => {
    // A directory where the new file would be renamed to: the rename fails after the write.
    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(path.join(blocked, TAXONOMY_FILE), { recursive: true });
    assert.throws(() => importTaxonomy({ esco, out: blocked }), (e: unknown) => e instanceof ImportError && /cannot write the taxonomy to .*blocked/.test(e.message));
    assert.deepEqual(fs.readdirSync(blocked), [TAXONOMY_FILE], 'no temporary file left');
  });
});
