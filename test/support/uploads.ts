// Uploading CVs over HTTP (multipart, as a browser would) and waiting for processing.
import type { Session } from './session.js';
import { waitFor } from './wait.js';

export const CV_LINES = [
  'Jane Roe',
  'Location: Berlin, Germany',
  'jane.roe@example.org  +49 30 901820  linkedin.com/in/jane-roe',
  'Skills: TypeScript, PostgreSQL, Kubernetes',
  'Experience',
  'Senior Software Engineer, Acme GmbH  Jan 2020 - Present',
  'Software Developer, Initech  03/2016 - 12/2019',
];

export async function uploadCv(session: Session, candidateId: string, file: Buffer, name = 'cv.pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await fetch(`${session.baseUrl}/v1/candidates/${candidateId}/cv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${session.token}` } });
  return { status: res.status, body: (await res.json()) as any };
}

export function settled(session: Session, uploadId: string, timeoutMs = 20_000) {
  return waitFor(
    `upload ${uploadId} to settle`,
    async () => {
      const res = await session.get(`/v1/uploads/${uploadId}`);
      return ['processed', 'failed'].includes(res.body.status) ? res.body : undefined;
    },
    timeoutMs,
  );
}

