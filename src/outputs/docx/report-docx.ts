/**
 * The editable copy of the report (bao-cao-tong-hop.docx): the ReportView the PDF is printed from,
 * laid out in the same order as templates/report.hbs: header, title, "Kính gửi", the parts and their
 * tables, signature, then Biểu 01 (and Biểu 02) on landscape pages. Offices edit it before signing.
 */
import { writeFile } from 'node:fs/promises';
import type { ReportView } from '../report/view.js';
import { defaultAnnexCaption } from '../report/print.js';
import { dataTable, documentHeader, packDocx, para, section, signatureBlock, TEXT_WIDTH_MM, type Block, type DataRow } from './nd30.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
const body = (text: string): Block => para(text, { indent: true });
const totalRow = (kind: string): boolean => kind === 'total' || kind === 'subtotal';

function mainBlocks(view: ReportView): Block[] {
  const b: Block[] = [documentHeader(view)];
  // Numbered as report.css numbers h2 (I, II …) and h3 (1, 2 … within each part).
  let part = 0;
  let sub = 0;
  const heading = (text: string): void => {
    sub = 0;
    b.push(para([{ text: `${ROMAN[part++] ?? part}. ${text}`, bold: true }], { indent: true, keepNext: true }));
  };
  const subheading = (text: string): void => {
    b.push(para([{ text: `${++sub}. ${text}`, bold: true }], { indent: true, keepNext: true }));
  };
  b.push(para([{ text: view.kind, bold: true }], { align: 'center', after: 0 }));
  b.push(para([{ text: view.subject, bold: true }], { align: 'center', after: 240 }));
  if (view.recipients.length === 1) b.push(para(`Kính gửi: ${view.recipients[0]}.`, { align: 'center' }));
  else if (view.recipients.length > 1) {
    b.push(para('Kính gửi:', { align: 'left', after: 0 }));
    view.recipients.forEach((r, i) => b.push(para(`- ${r}${i === view.recipients.length - 1 ? '.' : ';'}`, { align: 'left', after: 0 })));
  }
  if (view.direction.length) {
    heading('Công tác chỉ đạo, triển khai');
    view.direction.forEach((p) => b.push(body(p)));
  }
  heading('Kết quả vận động');
  subheading('Kết quả chung');
  if (view.resultParagraphs.length) b.push(body(view.resultParagraphs.join(' ')));
  b.push(para(['Tổng số tiền vận động được: ', { text: `${view.totalAmount} đồng`, bold: true }, ' ', { text: `(Bằng chữ: ${view.totalInWords})`, italics: true }, '.'], { indent: true }));
  (view.checkNotes ?? []).forEach((p) => b.push(body(p)));
  if (view.submissions) {
    const s = view.submissions;
    subheading('Tình hình gửi báo cáo');
    b.push(
      dataTable(
        [['Số đơn vị phải báo cáo', 'Đã gửi', 'Đúng hạn', 'Chậm', 'Chưa gửi', 'Tệp lỗi', 'Tỷ lệ đã gửi (%)'], ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)']],
        [{ cells: [s.expected, s.received, s.onTime, s.late, s.missing, s.failed, s.percent] }],
        [18, 12, 12, 12, 12, 12, 22],
        new Set(),
      ),
    );
    s.notes.forEach((p) => b.push(body(p)));
  }
  for (const g of view.groupSections ?? []) {
    subheading(g.heading);
    b.push(body(g.paragraph));
    if (g.table.length) {
      b.push(
        dataTable(
          [['STT', 'Tổ chức, cơ quan, đơn vị', 'Số tiền (đồng)', 'Tỷ lệ % so với chỉ tiêu', 'Ghi chú'], ['(1)', '(2)', '(3)', '(4)', '(5)']],
          g.table.map((r) => ({ cells: [r.stt, r.name, r.amount, r.percent, r.note], bold: r.kind === 'total' })),
          [8, 40, 20, 14, 18],
          new Set([2, 3]),
        ),
      );
    }
  }
  if (!view.groupSections?.length && view.unitRows.length) {
    subheading('Kết quả theo đơn vị');
    b.push(body('Kết quả vận động của từng đơn vị (chỉ tiêu, số tiền theo đối tượng, tỷ lệ so với chỉ tiêu, số đã nộp và chưa nộp) có Biểu 01 chi tiết kèm theo.'));
  }
  if (view.categoryRows.length) {
    subheading('Kết quả theo đối tượng ủng hộ');
    b.push(
      dataTable(
        [['STT', 'Đối tượng ủng hộ', 'Số lượt ủng hộ', 'Số tiền (đồng)', 'Tỷ lệ (%)'], ['(1)', '(2)', '(3)', '(4)', '(5)']],
        view.categoryRows.map((r) => ({ cells: [r.stt, r.label, r.donors, r.amount, r.share], bold: r.kind === 'total' })),
        [8, 40, 16, 22, 14],
        new Set([2, 3, 4]),
      ),
    );
  }
  if (view.statusRows.length) {
    subheading('Tình hình thu, nộp');
    b.push(
      dataTable(
        [['STT', 'Nội dung', 'Số tiền (đồng)', 'Tỷ lệ (%)'], ['(1)', '(2)', '(3)', '(4)']],
        view.statusRows.map((r, i) => ({ cells: [String(i + 1), r.label, r.amount, r.share] })),
        [8, 50, 26, 16],
        new Set([2, 3]),
      ),
    );
  }
  if (view.topDonors.length) {
    subheading('Tập thể, cá nhân tiêu biểu');
    b.push(
      dataTable(
        [['STT', 'Tập thể, cá nhân', 'Đơn vị', 'Số tiền (đồng)'], ['(1)', '(2)', '(3)', '(4)']],
        view.topDonors.map((r) => ({ cells: [r.stt, r.name, r.unit, r.amount] })),
        [8, 40, 30, 22],
        new Set([3]),
      ),
    );
  }
  if (view.assessment.length) {
    heading('Đánh giá');
    view.assessment.forEach((p) => b.push(body(p)));
  }
  if (view.recommendations.length) {
    heading('Đề xuất, kiến nghị');
    view.recommendations.forEach((p) => b.push(body(p)));
  }
  b.push(signatureBlock(view));
  return b;
}

function annexTitle(view: ReportView, label: string, title: string): Block[] {
  const caption = view.annexCaption ?? defaultAnnexCaption(view);
  return [
    para([{ text: label, bold: true }], { align: 'right', after: 0 }),
    para([{ text: title, bold: true }], { align: 'center', after: 0 }),
    para([{ text: view.subject, bold: true }], { align: 'center', after: 0 }),
    para(caption, { align: 'center', italics: true, after: 0 }),
    para('Đơn vị tính: đồng', { align: 'right', italics: true, size: 'small' }),
  ];
}

function unitAnnex(view: ReportView): Block[] {
  const rows: DataRow[] = view.unitRows.map((r) =>
    r.kind === 'group'
      ? { cells: [r.stt, r.name, '', '', '', '', '', '', '', '', '', '', ''], bold: true }
      : { cells: [r.stt, r.name, r.target, r.cbccvc, r.business, r.philanthropist, r.resident, r.other, r.total, r.percent, r.paid, r.unpaid, r.note], bold: totalRow(r.kind) },
  );
  const header = [
    [
      { text: 'STT', rowSpan: 2 },
      { text: 'Đơn vị', rowSpan: 2 },
      { text: 'Chỉ tiêu', rowSpan: 2 },
      { text: 'Kết quả vận động', columnSpan: 6 },
      { text: 'Tỷ lệ % so với chỉ tiêu', rowSpan: 2 },
      { text: 'Tình hình nộp tiền', columnSpan: 2 },
      { text: 'Ghi chú', rowSpan: 2 },
    ],
    ['CBCCVC (01 ngày công)', 'Doanh nghiệp', 'Nhà hảo tâm, kiều bào', 'Nhân dân', 'Khác', 'Tổng cộng', 'Đã nộp', 'Chưa nộp'],
    Array.from({ length: 13 }, (_, i) => `(${i + 1})`),
  ];
  // Millimetres of the 267 mm line: a money column holds "100.000.000" at 10 pt on one line.
  const mm = [9, 35, 20.5, 20.5, 20.5, 20.5, 20.5, 20.5, 20.5, 14, 20.5, 20.5, 24.5];
  const widths = mm.map((w) => (w / TEXT_WIDTH_MM.landscape) * 100);
  return [...annexTitle(view, 'Biểu 01', 'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐƠN VỊ'), dataTable(header, rows, widths, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), TEXT_WIDTH_MM.landscape, 'annex')];
}

function categoryAnnex(view: ReportView): Block[] {
  const a = view.categoryAnnex;
  if (!a?.rows.length) return [];
  const header = [
    [{ text: 'STT', rowSpan: 2 }, { text: 'Đối tượng ủng hộ', rowSpan: 2 }, ...a.groups.map((g) => ({ text: g, columnSpan: 2 })), { text: 'Tổng cộng', columnSpan: 3 }],
    [...a.groups.flatMap(() => ['Số lượt', 'Số tiền']), 'Số lượt', 'Số tiền', 'Tỷ lệ (%)'],
    a.columnNumbers,
  ];
  const rows = a.rows.map((r) => ({ cells: [r.stt, r.label, ...r.cells.flatMap((c) => [c.donors, c.amount]), r.donors, r.amount, r.share], bold: r.kind === 'total' }));
  const columns = 2 + a.groups.length * 2 + 3;
  const rest = (100 - 5 - 18) / (columns - 2);
  const widths = [5, 18, ...Array.from({ length: columns - 2 }, () => rest)];
  return [...annexTitle(view, 'Biểu 02', 'TỔNG HỢP KẾT QUẢ VẬN ĐỘNG THEO ĐỐI TƯỢNG ỦNG HỘ'), dataTable(header, rows, widths, new Set(Array.from({ length: columns - 2 }, (_, i) => i + 2)), TEXT_WIDTH_MM.landscape)];
}

/** The report as .docx bytes. */
export function reportDocx(view: ReportView): Promise<Buffer> {
  const sections = [section(mainBlocks(view), false, true)];
  const note = para(view.generatedNote, { italics: true, size: 'small', align: 'left' });
  if (view.unitRows.length) {
    const biểu02 = categoryAnnex(view);
    sections.push(section([...unitAnnex(view), ...(biểu02.length ? [] : [note])], true));
    if (biểu02.length) sections.push(section([...biểu02, note], true));
  } else {
    sections[0]!.children.push(note);
  }
  return packDocx(`${view.kind} ${view.numberLine}`, sections);
}

export async function writeReportDocx(view: ReportView, file: string): Promise<void> {
  await writeFile(file, await reportDocx(view));
}
