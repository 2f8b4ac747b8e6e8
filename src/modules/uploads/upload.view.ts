import type { Upload } from './upload.schema.js';

export function toUploadView(u: Upload) {
  return {
    id: u._id,
    candidateId: u.candidateId,
    status: u.status,
    progress: u.progress,
    type: u.type,
    size: u.size,
    sha256: u.sha256,
    fileName: u.fileName ?? null,
    failure: u.status === 'failed' ? { reason: u.failureReason ?? 'UNKNOWN', message: u.failureMessage ?? null } : null,
    attempts: u.attempts,
    result: u.result ?? null,
    createdAt: u.createdAt,
    processedAt: u.processedAt ?? null,
  };
}
export type UploadView = ReturnType<typeof toUploadView>;
