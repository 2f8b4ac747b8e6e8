// What a file is, decided by its content, never by its name or the client's content type.
import { zipEntries } from './zip.js';

export type CvType = 'pdf' | 'docx' | 'text';

export const MEDIA_TYPES: Record<CvType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
};

function isText(head: Buffer): boolean {
  if (head.length === 0) return false;
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
    } catch {
      continue;
    }
  }
  return false;
}

/** The CV type of a whole file, or null for anything else (an executable, a plain ZIP...). */
export function detectCvType(file: Buffer): CvType | null {
  if (file.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (file.length >= 4 && file.readUInt32LE(0) === 0x04034b50) {
    const entries = zipEntries(file);
    return entries?.some((e) => e.name === 'word/document.xml') ? 'docx' : null;
  }
  return isText(file.subarray(0, 8192)) ? 'text' : null;
}
