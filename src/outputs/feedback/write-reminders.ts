/**
 * Edge: writes the reminder letters of a run into the feedback folder, `phan-hoi/<unit id>/
 * thu-don-doc.pdf` (and its editable .docx), and one print pack of them all,
 * `phan-hoi/thu-don-doc-tat-ca.pdf`.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FeedbackOptions } from './write.js';
import { FEEDBACK_DIR } from './write.js';
import { letterJob } from './letter.js';
import { printBatched, type PrintJob } from '../pdf/batch.js';
import { buildReminders } from './reminder.js';
import { findQpdf, QPDF_HINT } from '../certificates/print.js';
import { joinPdfs } from '../certificates/files.js';
import { writeLetterDocx } from '../docx/letter-docx.js';

const REMINDER_FILE = 'thu-don-doc.pdf';
const REMINDER_PACK = 'thu-don-doc-tat-ca.pdf';

type RemindersWritten = { letters: { unitId: string; reason: string; letter: string }[]; pack?: string };

export async function writeReminders(options: FeedbackOptions): Promise<RemindersWritten> {
  const { loaded, dir, log } = options;
  const reminders = buildReminders(loaded.config, options.consolidation, options.reportDate);
  const written: RemindersWritten = { letters: [] };
  if (reminders.length === 0) return written;
  const jobs: PrintJob[] = [];
  for (const r of reminders) {
    const unitDir = path.join(dir, FEEDBACK_DIR, r.unitId);
    await mkdir(unitDir, { recursive: true });
    const file = path.join(unitDir, REMINDER_FILE);
    jobs.push(letterJob(r.view, file, options.templatesDir));
    await writeLetterDocx(r.view, file.replace(/\.pdf$/, '.docx'));
    written.letters.push({ unitId: r.unitId, reason: r.reason, letter: path.relative(dir, file) });
  }
  const qpdf = options.qpdf === false ? undefined : await findQpdf(options.qpdf ?? 'qpdf');
  await printBatched(options.browser, jobs, { qpdf: qpdf ?? false });
  if (qpdf) {
    await joinPdfs(qpdf, written.letters.map((l) => path.join(dir, l.letter)), path.join(dir, FEEDBACK_DIR, REMINDER_PACK));
    written.pack = `${FEEDBACK_DIR}/${REMINDER_PACK}`;
  } else {
    log(`Không có qpdf: chưa ghép được ${REMINDER_PACK}; từng thư vẫn có trong ${FEEDBACK_DIR}/. ${QPDF_HINT}`);
  }
  log(`Thư đôn đốc cho ${reminders.length} đơn vị: ${written.pack ?? FEEDBACK_DIR + '/'}`);
  return written;
}
