// The engine's inputs from the domain's views.
import type { MatchingCandidate } from '../candidates/candidate.view.js';
import type { JobView } from '../jobs/job.view.js';
import type { CandidateInput, JobInput } from './engine/profiles.js';

export function toJobInput(job: JobView): JobInput {
  return {
    id: job.id,
    revision: job.revision,
    title: job.title,
    description: job.description,
    mustHave: job.mustHave,
    niceToHave: job.niceToHave,
    seniority: job.seniority,
    workplace: job.workplace,
    location: job.location,
    salary: job.salary,
  };
}

export function toCandidateInput(c: Omit<MatchingCandidate, 'changeSeq'>): CandidateInput {
  return {
    id: c.id,
    revision: c.revision,
    name: c.name,
    skills: c.skills,
    experience: c.experience,
    summary: c.summary,
    cvText: c.cvText,
    location: c.location,
    expectedSalary: null,
  };
}
