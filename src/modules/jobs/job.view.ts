import type { Job } from './job.schema.js';

/** A job as the API shows it (and as the cache stores it: plain JSON, dates as ISO strings). */
export interface JobView {
  id: string;
  companyId: string;
  title: string;
  description: string;
  location: { city?: string; country?: string };
  workplace: Job['workplace'];
  seniority: Job['seniority'];
  salary: Job['salary'] | null;
  mustHave: Job['mustHave'];
  niceToHave: Job['niceToHave'];
  languages: string[];
  matchThreshold: number | null;
  status: Job['status'];
  history: { from: string | null; to: string; by: string; at: string }[];
  publishedAt: string | null;
  revision: number;
  /** The change number of the last write (matching's ordering; see ChangeSequences). */
  changeSeq: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | string | undefined) => (d === undefined ? null : new Date(d).toISOString());

const requirement = (r: Job['mustHave'][number]) => ({ skill: r.skill, ...(r.minYears === undefined || r.minYears === null ? {} : { minYears: r.minYears }) });

export function toJobView(job: Job): JobView {
  return {
    id: job._id,
    companyId: job.companyId,
    title: job.title,
    description: job.description,
    location: job.location ?? {},
    workplace: job.workplace,
    seniority: job.seniority,
    salary: job.salary ?? null,
    mustHave: (job.mustHave ?? []).map(requirement),
    niceToHave: (job.niceToHave ?? []).map(requirement),
    languages: job.languages ?? [],
    matchThreshold: job.matchThreshold ?? null,
    status: job.status,
    history: (job.history ?? []).map((h) => ({ from: h.from ?? null, to: h.to, by: h.by, at: iso(h.at) as string })),
    publishedAt: iso(job.publishedAt),
    revision: job.revision,
    changeSeq: job.changeSeq ?? 0,
    createdAt: iso(job.createdAt) as string,
    updatedAt: iso(job.updatedAt) as string,
  };
}
