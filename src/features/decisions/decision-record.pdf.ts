/**
 * Lays the decision record out as a PDF. Deterministic on purpose: the fonts are embedded from the
 * repository (never the system's), and the document's dates are the decision's, so re-rendering a stored
 * record gives the same bytes and the same SHA-256 (`audit:verify` relies on it).
 */
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { findProjectRoot } from '../../db/embedded-server.js';
import { type DecisionRecordInput, recordSections } from './decision-record.domain.js';

const FONTS_DIR = path.join(findProjectRoot(), 'assets', 'fonts');
const REGULAR = path.join(FONTS_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONTS_DIR, 'DejaVuSans-Bold.ttf');
const MARGIN = 56;
const INDENT = 16;

export async function renderDecisionRecord(record: DecisionRecordInput): Promise<Buffer> {
  const at = new Date(record.decision.at);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Decision record: ${record.pilot.name}`,
      Author: 'PilotGate',
      Subject: `${record.decision.label}, review round ${record.review.round}`,
      Producer: 'PilotGate',
      Creator: 'PilotGate',
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);

  doc.font('bold').fontSize(18).text(`Decision record: ${record.pilot.name}`);
  doc.font('regular').fontSize(10).fillColor('#555555').text(`PilotGate gate review, round ${record.review.round}`);
  doc.fillColor('black').moveDown();
  const width = doc.page.width - 2 * MARGIN;
  for (const section of recordSections(record)) {
    if (section.newPage) doc.addPage();
    doc.font('bold').fontSize(13).text(section.heading, MARGIN, undefined, { width });
    doc.moveDown(0.3);
    for (const line of section.lines) {
      const x = MARGIN + (line.indent ? INDENT : 0);
      doc
        .font(line.bold ? 'bold' : 'regular')
        .fontSize(10)
        .text(line.text, x, undefined, { width: width - (x - MARGIN) });
    }
    doc.moveDown();
  }
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // Writing inside the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(
        `${record.pilot.name} · decision record · page ${i + 1} of ${pages.count}`,
        MARGIN,
        doc.page.height - MARGIN / 2 - 8,
        { width, align: 'center', lineBreak: false },
      );
  }
  doc.end();
  return done;
}

export { sha256Hex } from './decision-record.hash.js';
