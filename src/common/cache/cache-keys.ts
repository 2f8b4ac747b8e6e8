// Every cache key is built here, so a write and the reads it must invalidate can never
// disagree on a name.
import { createHash } from 'node:crypto';

export const CacheFamily = {
  User: 'user',
  Job: 'job',
  JobList: 'job-list',
  Candidate: 'candidate',
  SourcerQuality: 'sourcer-quality',
} as const;
export type CacheFamily = (typeof CacheFamily)[keyof typeof CacheFamily];

/** A stable short digest of a query, independent of the order of its properties. */
export function queryDigest(query: object): string {
  const entries = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22);
}

export const CacheKeys = {
  user: (sub: string) => `${CacheFamily.User}:${sub}`,
  job: (id: string) => `${CacheFamily.Job}:${id}`,
  /** List pages are keyed by a generation that every job write bumps, so they never need a scan. */
  jobList: (generation: number, query: object) => `${CacheFamily.JobList}:${generation}:${queryDigest(query)}`,
  candidate: (id: string) => `${CacheFamily.Candidate}:${id}`,
  sourcerQuality: (sourcerId: string) => `${CacheFamily.SourcerQuality}:${sourcerId}`,
} as const;

/** Counters whose value is part of a key (see jobList). */
export const CacheGeneration = {
  JobList: CacheFamily.JobList,
} as const;
export type CacheGeneration = (typeof CacheGeneration)[keyof typeof CacheGeneration];
