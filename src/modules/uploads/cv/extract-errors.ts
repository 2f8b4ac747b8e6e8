// What CV extraction can fail with, and its limits and result: all that a process needs to hand
// files to the extraction threads and read their answers, without loading the PDF and DOCX
// libraries (extract.ts), which only the threads run.
export const CvFailure = {
  Encrypted: 'ENCRYPTED',
  Corrupt: 'CORRUPT',
  TooManyPages: 'TOO_MANY_PAGES',
  TooLargeUncompressed: 'TOO_LARGE_UNCOMPRESSED',
  Timeout: 'EXTRACTION_TIMEOUT',
  OutOfMemory: 'EXTRACTION_OUT_OF_MEMORY',
  NoText: 'NO_TEXT',
} as const;
export type CvFailure = (typeof CvFailure)[keyof typeof CvFailure];

export class CvExtractionError extends Error {
  constructor(
    readonly reason: CvFailure,
    message: string,
  ) {
    super(message);
    this.name = 'CvExtractionError';
  }
}

export interface ExtractLimits {
  maxPages: number;
  maxChars: number;
  maxSeconds: number;
  maxUncompressedBytes: number;
}

export interface Extracted {
  text: string;
  pages: number | null;
  truncated: boolean;
}
