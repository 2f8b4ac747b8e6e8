// The skills taxonomy and finding skills in free text: aliases, punctuation, longest phrases,
// requirements as written, and precision: names that are also ordinary words or first names
// count only in a skills context.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_OCCUPATIONS } from '../../src/modules/skills/builtin/occupations.js';
import { builtinTaxonomy } from '../../src/modules/skills/taxonomy-loader.js';

const taxonomy = builtinTaxonomy().skills;
const names = (text: string) => taxonomy.find(text).map((m) => m.name);

describe('skills taxonomy', () => {
  it('ships over a thousand skills with unique ids and resolvable relations', () => {
    assert.ok(taxonomy.size >= 1000, `${taxonomy.size} skills`);
    assert.equal(new Set(taxonomy.skills.map((s) => s.id)).size, taxonomy.size);
    for (const skill of taxonomy.skills) for (const r of skill.related) assert.ok(taxonomy.byIdOrNull(r), `${skill.name} -> ${r}`);
  });

  it('knows skills outside software', () => {
    for (const name of ['AutoCAD', 'Google Analytics', 'Marketing', 'Human Resource Management', 'MS Project', 'Banking', 'VAT', 'Internal Audit', 'Civil Engineering', 'Mechanical Engineering', 'Recruitment', 'Nursing']) {
      assert.equal(taxonomy.canonical(name)?.name, name);
    }
    assert.equal(taxonomy.canonical('Microsoft Excel')?.name, 'Excel');
    assert.equal(taxonomy.canonical('Autodesk AutoCAD')?.name, 'AutoCAD');
    assert.equal(taxonomy.canonical('search engine optimization')?.name, 'SEO');
  });

  it('gives every built-in occupation skills the taxonomy knows', () => {
    for (const o of BUILTIN_OCCUPATIONS) for (const s of o.skills) assert.ok(taxonomy.canonical(s), `${o.title}: ${s}`);
  });

  it('maps aliases and plurals to one skill', () => {
    assert.equal(taxonomy.canonical('JS')?.name, 'JavaScript');
    assert.equal(taxonomy.canonical('k8s')?.name, 'Kubernetes');
    assert.equal(taxonomy.canonical('golang')?.name, 'Go');
    assert.equal(taxonomy.canonical('Postgres')?.name, 'PostgreSQL');
    assert.equal(taxonomy.canonical('node')?.name, 'Node.js');
    assert.equal(taxonomy.canonical('  React.JS ')?.name, 'React');
    assert.equal(taxonomy.canonical('Dockers')?.name, 'Docker');
    assert.equal(taxonomy.canonical('underwater basket weaving'), null);
    assert.equal(taxonomy.key('Underwater  Basket'), 'underwater basket');
  });

  it('resolves requirements as written: two skills in one, the one in parentheses', () => {
    const resolved = (written: string) => taxonomy.resolve(written).map((r) => [r.label, r.skill?.name ?? null]);
    assert.deepEqual(resolved('Dockers and Kubernetes'), [['Dockers', 'Docker'], ['Kubernetes', 'Kubernetes']]);
    assert.deepEqual(resolved('Search Engine Optimization (SEO)'), [['Search Engine Optimization (SEO)', 'SEO']]);
    assert.deepEqual(resolved('C/C++'), [['C', 'C'], ['C++', 'C++']]);
    assert.deepEqual(resolved('Health and safety'), [['Health and safety', null]], 'split only when every part is a skill');
    assert.deepEqual(resolved('Go'), [['Go', 'Go']], 'a requirement is a skills context');
  });

  it('knows related skills', () => {
    const react = taxonomy.canonical('React')!;
    assert.ok(taxonomy.related(react.id).some((s) => s.name === 'Frontend'));
  });
});

describe('finding skills in text', () => {
  it('keeps punctuation that is part of a name', () => {
    assert.deepEqual(names('Worked with C#, C++ and F# on .NET; later Node.js.'), ['C#', 'C++', 'F#', '.NET', 'Node.js']);
    assert.deepEqual(names('Built APIs in ASP.NET Core and Vue.js'), ['ASP.NET', 'Vue.js']);
  });

  it('prefers the longest phrase and matches multi-word names across spaces, never across lines or commas', () => {
    assert.deepEqual(names('React Native apps and plain React'), ['React Native', 'React']);
    assert.deepEqual(names('Ruby on  Rails, Spring Boot, Google Cloud'), ['Ruby on Rails', 'Spring Boot', 'Google Cloud']);
    assert.deepEqual(names('Google Ads, Analytics\nGoogle\nCloud'), ['Google Ads']);
  });

  it('matches aliases case-insensitively but not inside other words', () => {
    assert.deepEqual(names('js, TS and K8S'), ['JavaScript', 'TypeScript', 'Kubernetes']);
    assert.deepEqual(names('javascripting reactive nodes'), []);
  });

  it('finds the non-software skills a CV names word for word', () => {
    assert.deepEqual(names('Advanced AutoCAD, Google Analytics and MS Project; human resource management; VAT returns; internal audit; banking'), [
      'AutoCAD',
      'Google Analytics',
      'MS Project',
      'Human Resource Management',
      'VAT',
      'Internal Audit',
      'Banking',
    ]);
    assert.deepEqual(names('Ran Dockers and Kubernetes clusters'), ['Docker', 'Kubernetes']);
  });

  it('reports where each mention is', () => {
    const [mention] = taxonomy.find('Senior k8s admin');
    assert.deepEqual({ text: mention.text, start: mention.start, end: mention.end }, { text: 'k8s', start: 7, end: 10 });
  });
});

describe('precision: common words and first names', () => {
  it('does not read everyday words as skills', () => {
    assert.deepEqual(names('We made steady progress and kept our velocity up.'), [], '"progress" is not OpenEdge ABL, "velocity" not Velocity');
    assert.deepEqual(names('Responsible for monitoring of the site and documentation of incidents.'), []);
    assert.deepEqual(names('ready to go to market'), []);
    assert.deepEqual(names('I excel at rust removal and swift decisions.'), []);
  });

  it('does not read people’s names as skills', () => {
    assert.deepEqual(names('Inspired by Grace Hopper and Ada Lovelace.'), []);
    assert.deepEqual(names('References: Julia Roberts, Ruby Smith, Crystal Jones.'), []);
    assert.deepEqual(names('Julia Novak\nAccountant'), ['Accounting'], 'the role is a skill, the name is not');
  });

  it('reads them as skills in a skills list or section', () => {
    assert.deepEqual(names('Skills: Go, Rust, Julia, Ruby, Crystal, Progress, Velocity'), ['Go', 'Rust', 'Julia', 'Ruby', 'Crystal', 'OpenEdge ABL', 'Velocity Template Language']);
    assert.deepEqual(names('TECHNICAL SKILLS\nAda\nmonitoring, documentation\n\nGrace Hopper was my hero.'), ['Ada', 'Observability', 'Technical Writing']);
    assert.deepEqual(names('Languages: English, Ruby'), ['Ruby'], 'the header itself names no skill');
  });

  it('reads them as skills next to other skills', () => {
    assert.deepEqual(names('Built services with Python, go and rust.'), ['Python', 'Go', 'Rust']);
    assert.deepEqual(names('Prometheus/monitoring and Kubernetes'), ['Prometheus', 'Observability', 'Kubernetes']);
    assert.deepEqual(names('Ruby and Crystal went to lunch.'), [], 'two names together are not a skills list');
  });

  it('reads them as skills in their technical form', () => {
    assert.deepEqual(names('Services in Go and Rust'), ['Go', 'Rust']);
    assert.deepEqual(names('Upgraded to Ruby 3.2 and Julia 1.9'), ['Ruby', 'Julia']);
    assert.deepEqual(names('Senior Go developer; Ada programming for avionics'), ['Go', 'Ada']);
    assert.deepEqual(names('statistics in R'), ['Statistics', 'R']);
    assert.deepEqual(names('Go Team Building Day at Progress Software Ltd'), [], 'capitalised among capitalised words is a name');
  });
});
