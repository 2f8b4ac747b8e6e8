// One candidate's match for one job with evidence: the score the ranking index computes from
// the candidate's encoding, the evidence cut from their own (redacted) text.
import { featuresOf } from './features.js';
import type { CandidateProfile, JobProfile } from './profiles.js';
import type { RankingIndex } from './ranking-index.js';
import type { CompiledJob } from './record-scoring.js';
import { evidenceFor, type MatchResult, type ScoringModel } from './scoring.js';

export function scoreMatch(job: JobProfile, candidate: CandidateProfile, index: RankingIndex, model: ScoringModel, compiled?: CompiledJob): MatchResult {
  const computed = index.compute(compiled ?? index.compile(job, model), featuresOf(candidate));
  const { evidence, allMustHavesFound } = evidenceFor(job, candidate, computed);
  return { score: computed.score, components: computed.components, evidence, allMustHavesFound };
}
