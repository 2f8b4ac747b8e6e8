import type { Submission } from './submission.schema.js';

export interface SubmissionView {
  id: string;
  jobId: string;
  companyId: string;
  candidateId: string;
  sourcerId: string;
  pitch: string | null;
  status: Submission['status'];
  disqualificationReason: Submission['disqualificationReason'] | null;
  history: Submission['history'];
  aiCheck: Submission['aiCheck'] | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toSubmissionView(s: Submission): SubmissionView {
  return {
    id: s._id,
    jobId: s.jobId,
    companyId: s.companyId,
    candidateId: s.candidateId,
    sourcerId: s.sourcerId,
    pitch: s.pitch ?? null,
    status: s.status,
    disqualificationReason: s.disqualificationReason ?? null,
    history: s.history,
    aiCheck: s.aiCheck ?? null,
    deliveredAt: s.deliveredAt ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
