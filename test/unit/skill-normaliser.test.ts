// The skills taxonomy and the normaliser that finds skills in free text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { skillTaxonomy } from '../../src/modules/matching/taxonomy/skill-normaliser.js';

const taxonomy = skillTaxonomy();
const names = (text: string) => taxonomy.find(text).map((m) => m.name);

describe('skills taxonomy', () => {
  it('ships at least 800 skills with unique ids and resolvable relations', () => {
    assert.ok(taxonomy.size >= 800, `${taxonomy.size} skills`);
    assert.equal(new Set(taxonomy.skills.map((s) => s.id)).size, taxonomy.size);
    for (const skill of taxonomy.skills) for (const r of skill.related) assert.ok(taxonomy.byIdOrNull(r), `${skill.name} -> ${r}`);
  });

  it('maps aliases to one skill', () => {
    assert.equal(taxonomy.canonical('JS')?.name, 'JavaScript');
    assert.equal(taxonomy.canonical('k8s')?.name, 'Kubernetes');
    assert.equal(taxonomy.canonical('golang')?.name, 'Go');
    assert.equal(taxonomy.canonical('Postgres')?.name, 'PostgreSQL');
    assert.equal(taxonomy.canonical('node')?.name, 'Node.js');
    assert.equal(taxonomy.canonical('  React.JS ')?.name, 'React');
    assert.equal(taxonomy.canonical('underwater basket weaving'), null);
    assert.equal(taxonomy.key('Underwater  Basket'), 'underwater basket');
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

  it('prefers the longest phrase and matches multi-word names across spaces', () => {
    assert.deepEqual(names('React Native apps and plain React'), ['React Native', 'React']);
    assert.deepEqual(names('Ruby on  Rails, Spring Boot, Google Cloud'), ['Ruby on Rails', 'Spring Boot', 'Google Cloud']);
  });

  it('matches aliases case-insensitively but not inside other words', () => {
    assert.deepEqual(names('js, TS and K8S'), ['JavaScript', 'TypeScript', 'Kubernetes']);
    assert.deepEqual(names('javascripting reactive nodes'), []);
  });

  it('matches ambiguous short names only as written', () => {
    assert.deepEqual(names('Services in Go and Rust'), ['Go', 'Rust']);
    assert.deepEqual(names('ready to go to market'), []);
    assert.deepEqual(names('statistics in R'), ['Statistics', 'R']);
  });

  it('reports where each mention is', () => {
    const [mention] = taxonomy.find('Senior k8s admin');
    assert.deepEqual({ text: mention.text, start: mention.start, end: mention.end }, { text: 'k8s', start: 7, end: 10 });
  });
});
