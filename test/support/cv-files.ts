// CV files built by the tests themselves (so their content is known exactly): PDFs with
// pdf-lib, DOCX with fflate, and the bad ones (encrypted, corrupt, a zip bomb, 2,000 pages).
import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function makePdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 40, y: 800 - i * 14, size: 10, font }));
  }
  return Buffer.from(await doc.save());
}

export async function makeBlankPdf(pageCount: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) doc.addPage([100, 100]);
  return Buffer.from(await doc.save());
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function docxParts(documentXml: Uint8Array) {
  return {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': documentXml,
  };
}

export function makeDocx(paragraphs: string[]): Buffer {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return Buffer.from(zipSync(docxParts(strToU8(xml))));
}

/** A DOCX whose document unpacks to `bytes` of nothing: tiny on disk, huge in memory. */
export function makeDocxBomb(bytes: number): Buffer {
  const xml = new Uint8Array(bytes).fill(0x20);
  return Buffer.from(zipSync(docxParts(xml), { level: 9 }));
}

/**
 * A zip bomb whose ZIP headers lie: `word/document.xml` is declared as `declared` bytes (in
 * the central directory and the local header) but inflates to `bytes`.
 */
export function makeLyingDocxBomb(bytes: number, declared = 1_234): Buffer {
  const zip = makeDocxBomb(bytes);
  const name = Buffer.from('word/document.xml');
  for (let i = 0; i + 46 < zip.length; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === 0x02014b50 && zip.subarray(i + 46, i + 46 + name.length).equals(name)) zip.writeUInt32LE(declared, i + 24);
    if (sig === 0x04034b50 && zip.subarray(i + 30, i + 30 + name.length).equals(name)) zip.writeUInt32LE(declared, i + 22);
  }
  return zip;
}

export function makePlainZip(): Buffer {
  return Buffer.from(zipSync({ 'notes.txt': strToU8('not a CV') }));
}

/** A PDF protected with a user password (standard security handler, RC4 40-bit). */
export function makeEncryptedPdf(): Buffer {
  const id = randomBytes(16).toString('hex');
  const hex32 = () => randomBytes(32).toString('hex');
  const objects = [
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj',
    `4 0 obj << /Filter /Standard /V 1 /R 2 /O <${hex32()}> /U <${hex32()}> /P -4 >> endobj`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(body.length);
    body += `${o}\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer << /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export function makeCorruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(4096)]);
}

export function makeExecutable(): Buffer {
  return Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(2048)]);
}
