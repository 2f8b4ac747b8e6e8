// Deterministic synthetic jobs and candidates for ranking tests and the ranking benchmark.
import type { CandidateInput, JobInput } from '../../src/modules/matching/engine/profiles.js';

/** A small seeded PRNG (mulberry32), so every run sees the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SKILL_POOL = [
  'TypeScript', 'JavaScript', 'Node.js', 'React', 'Vue.js', 'Angular', 'Python', 'Django', 'Flask', 'Go', 'Rust', 'Java', 'Spring Boot', 'Kotlin',
  'C#', '.NET', 'PostgreSQL', 'MySQL', 'MongoDB', 'Redis', 'Kafka', 'Docker', 'Kubernetes', 'Terraform', 'AWS', 'Google Cloud', 'Azure', 'GraphQL',
  'REST', 'Microservices', 'Machine Learning', 'PyTorch', 'TensorFlow', 'Pandas', 'Spark', 'Airflow', 'SQL', 'Linux', 'CI/CD', 'Jest', 'Cypress',
  'Swift', 'iOS', 'Android', 'Flutter', 'Ruby on Rails', 'PHP', 'Laravel', 'Elasticsearch', 'RabbitMQ',
];
const WORDS = 'built scaled designed led migrated platform services payments search checkout billing data pipelines mobile app dashboard api backend frontend infrastructure team customers latency reliability features growth analytics reporting'.split(' ');
const CITIES: [string, string][] = [['Berlin', 'DE'], ['Munich', 'DE'], ['Lisbon', 'PT'], ['London', 'GB'], ['Paris', 'FR'], ['Madrid', 'ES']];
const pick = <T>(rnd: () => number, list: readonly T[]) => list[Math.floor(rnd() * list.length)];

export function syntheticCandidate(i: number, rnd: () => number): CandidateInput {
  const skills = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => pick(rnd, SKILL_POOL));
  let year = 2024 - Math.floor(rnd() * 14);
  const experience = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
    const span = 1 + Math.floor(rnd() * 4);
    const entry = {
      title: `${pick(rnd, ['Software', 'Backend', 'Frontend', 'Data', 'Platform'])} Engineer`,
      start: `${year - span}-0${1 + Math.floor(rnd() * 9)}`,
      end: `${year}-0${1 + Math.floor(rnd() * 9)}`,
      description: `${Array.from({ length: 8 }, () => pick(rnd, WORDS)).join(' ')} with ${pick(rnd, skills)} and ${pick(rnd, SKILL_POOL)}`,
    };
    year -= span;
    return entry;
  });
  const [city, country] = pick(rnd, CITIES);
  return {
    id: `c${String(i).padStart(6, '0')}`,
    revision: 1,
    skills,
    experience,
    summary: `${Array.from({ length: 12 }, () => pick(rnd, WORDS)).join(' ')}.`,
    location: rnd() < 0.9 ? { city, country } : {},
    expectedSalary: rnd() < 0.5 ? { amount: 5_000_000 + Math.floor(rnd() * 8_000_000), currency: 'EUR' } : null,
  };
}

export function syntheticJob(i: number, rnd: () => number): JobInput {
  const [city, country] = pick(rnd, CITIES);
  return {
    id: `j${i}`,
    revision: 1,
    title: `${pick(rnd, ['Senior', 'Staff', 'Mid-level'])} ${pick(rnd, ['Backend', 'Platform', 'Data'])} Engineer`,
    description: `${Array.from({ length: 30 }, () => pick(rnd, WORDS)).join(' ')} using ${pick(rnd, SKILL_POOL)}.`,
    mustHave: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ skill: pick(rnd, SKILL_POOL), ...(rnd() < 0.5 ? { minYears: 2 } : {}) })),
    niceToHave: Array.from({ length: Math.floor(rnd() * 3) }, () => ({ skill: pick(rnd, SKILL_POOL) })),
    seniority: pick(rnd, ['mid', 'senior', 'lead'] as const),
    workplace: pick(rnd, ['onsite', 'hybrid', 'remote'] as const),
    location: { city, country },
    salary: rnd() < 0.6 ? { min: 6_000_000, max: 9_000_000, currency: 'EUR' } : null,
  };
}
