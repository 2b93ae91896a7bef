/** The text of a PDF, page by page and line by line, extracted with Mozilla's pdf.js (as a reader would copy it). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfLines(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    let current = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      current += item.str;
      if (item.hasEOL) {
        lines.push(current);
        current = '';
      }
    }
    if (current) lines.push(current);
  }
  await pdf.destroy();
  return lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
}
