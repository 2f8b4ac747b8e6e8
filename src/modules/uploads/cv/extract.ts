// Text out of a CV file, inside limits: pages, characters kept, time, and for a DOCX the
// unzipped size (measured by inflating with a byte budget, never trusting the ZIP
// directory). A file that cannot be read fails with a reason; retrying would not help.
import mammoth from 'mammoth';
import { getDocumentProxy } from 'unpdf';
import type { CvType } from '../file-type.js';
import { measureInflatedSize, zipEntries } from '../zip.js';
import { CvExtractionError, CvFailure, type Extracted, type ExtractLimits } from './extract-errors.js';

type Progress = (fraction: number) => Promise<void> | void;

async function fromPdf(file: Buffer, limits: ExtractLimits, progress: Progress, deadline: { expired: boolean }): Promise<Extracted> {
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(file), { isEvalSupported: false, stopAtErrors: true });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new CvExtractionError(CvFailure.Encrypted, 'The PDF is password-protected');
    throw new CvExtractionError(CvFailure.Corrupt, `The PDF cannot be read (${name ?? 'error'})`);
  }
  try {
    if (pdf.numPages > limits.maxPages) throw new CvExtractionError(CvFailure.TooManyPages, `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are read`);
    let text = '';
    let truncated = false;
    for (let n = 1; n <= pdf.numPages; n++) {
      if (deadline.expired) throw new CvExtractionError(CvFailure.Timeout, `Extraction took longer than ${limits.maxSeconds} s`);
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      // Items on one visual line are joined with spaces, lines with newlines.
      const lines: string[] = [];
      let line = '';
      for (const item of content.items as { str?: string; hasEOL?: boolean }[]) {
        line += item.str ?? '';
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        } else if (item.str) line += ' ';
      }
      if (line) lines.push(line);
      text += `${lines.map((l) => l.replace(/\s+/g, ' ').trim()).join('\n')}\n`;
      await progress(n / pdf.numPages);
      if (text.length > limits.maxChars) {
        text = text.slice(0, limits.maxChars);
        truncated = n < pdf.numPages || truncated;
        break;
      }
    }
    return { text, pages: pdf.numPages, truncated };
  } catch (error) {
    if (error instanceof CvExtractionError) throw error;
    throw new CvExtractionError(CvFailure.Corrupt, `The PDF cannot be read (${(error as Error).message})`);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

async function fromDocx(file: Buffer, limits: ExtractLimits): Promise<Extracted> {
  const entries = zipEntries(file);
  if (!entries) throw new CvExtractionError(CvFailure.Corrupt, 'The DOCX is not a readable ZIP');
  // The declared sizes refuse an honest bomb at once; the measured ones refuse a lying one.
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const measured = declared > limits.maxUncompressedBytes ? null : await measureInflatedSize(file, limits.maxUncompressedBytes);
  if (!measured || (!measured.ok && measured.reason === 'too-large')) {
    throw new CvExtractionError(CvFailure.TooLargeUncompressed, `The DOCX unpacks to more than ${limits.maxUncompressedBytes} bytes, the limit`);
  }
  if (!measured.ok) throw new CvExtractionError(CvFailure.Corrupt, 'The DOCX is not a readable ZIP');
  try {
    const { value } = await mammoth.extractRawText({ buffer: file });
    const truncated = value.length > limits.maxChars;
    return { text: truncated ? value.slice(0, limits.maxChars) : value, pages: null, truncated };
  } catch (error) {
    throw new CvExtractionError(CvFailure.Corrupt, `The DOCX cannot be read (${(error as Error).message})`);
  }
}

export async function extractCvText(file: Buffer, type: CvType, limits: ExtractLimits, progress: Progress = () => undefined): Promise<Extracted> {
  const deadline = { expired: false };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.expired = true;
      reject(new CvExtractionError(CvFailure.Timeout, `Extraction took longer than ${limits.maxSeconds} s`));
    }, limits.maxSeconds * 1000);
  });
  try {
    const work =
      type === 'pdf'
        ? fromPdf(file, limits, progress, deadline)
        : type === 'docx'
          ? fromDocx(file, limits)
          : Promise.resolve({ text: file.toString('utf8').slice(0, limits.maxChars), pages: null, truncated: file.length > limits.maxChars });
    work.catch(() => undefined);
    const result = await Promise.race([work, timeout]);
    if (!result.text.trim()) throw new CvExtractionError(CvFailure.NoText, 'No text could be found in the file');
    return result;
  } finally {
    clearTimeout(timer);
  }
}
