/**
 * The editable copy of a letter to a unit (feedback or reminder): the same view as the PDF, the
 * same parts in the same order (header, "V/v", "Kính gửi", paragraphs, problem table, signature).
 */
import { writeFile } from 'node:fs/promises';
import type { FeedbackLetterView } from '../feedback/letter.js';
import { dataTable, documentHeader, packDocx, para, section, signatureBlock, type Block } from './nd30.js';

function letterBlocks(view: FeedbackLetterView): Block[] {
  const blocks: Block[] = [documentHeader(view), para('', { after: 0 })];
  blocks.push(para(`Kính gửi: ${view.recipient}.`, { align: 'center', after: 200 }));
  for (const p of view.intro) blocks.push(para(p, { indent: true }));
  if (view.rows.length) {
    blocks.push(
      dataTable(
        [['STT', 'Vị trí', 'Vấn đề', 'Đề nghị']],
        view.rows.map((r) => ({ cells: [r.stt, r.where, `${r.severity}: ${r.problem}`, r.action] })),
        [7, 20, 40, 33],
        new Set(),
      ),
    );
  }
  if (view.more) blocks.push(para(view.more, { italics: true, before: 120 }));
  // Air between the table and the next paragraph, as the PDF has.
  view.closing.forEach((p, i) => blocks.push(para(p, { indent: true, ...(i === 0 && view.rows.length && !view.more ? { before: 120 } : {}) })));
  blocks.push(signatureBlock(view));
  return blocks;
}

/** The letter as .docx bytes. */
function letterDocx(view: FeedbackLetterView): Promise<Buffer> {
  return packDocx(`${view.subjectLine} - ${view.recipient}`, [section(letterBlocks(view), false, true)]);
}

export async function writeLetterDocx(view: FeedbackLetterView, file: string): Promise<void> {
  await writeFile(file, await letterDocx(view));
}
