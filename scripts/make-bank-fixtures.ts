/**
 * Bank statement fixtures (npm run fixtures, after make-fixtures.ts):
 *   fixtures/an-lao-2023/bank/sao-ke-vietcombank.xlsx  the demo campaign account's statement with the
 *       planted cases of issue 15, and `reconciliation` in expected.json: what must match and what not;
 *   fixtures/bank/  one statement of the same transactions in each bank's export layout
 *       (Vietcombank .xlsx, VietinBank .xlsx with signed amounts, BIDV .csv, Agribank .xlsx with a
 *       Nợ/Có column, and a PDF printed from the Vietcombank layout) for the reader tests.
 * Unit amounts come from expected.json (the generator's ground truth), never from a reader.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { launchBrowser } from '../src/outputs/pdf/browser.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DEMO = path.join(ROOT, 'fixtures', 'an-lao-2023');
const LAYOUTS = path.join(ROOT, 'fixtures', 'bank');
const ACCOUNT = '0451000123456';

type Tx = { date: string; credit: number; debit: number; memo: string; ref: string };
type Planted = { case: string; memo: string; parties: string[]; kind: string; status: string; lines: number };

const expected = JSON.parse(await readFile(path.join(DEMO, 'expected.json'), 'utf8')) as {
  units: Record<string, { byStatus?: Record<string, { amount: number }> }>;
  [key: string]: unknown;
};
const sent = (id: string): number => {
  const s = expected.units[id]?.byStatus ?? {};
  const amount = (s['paid']?.amount ?? 0) + (s['transferred']?.amount ?? 0);
  if (amount <= 0) throw new Error(`${id} reported nothing as sent; the planted case needs a unit that did`);
  return amount;
};

const txs: Tx[] = [];
let refNo = 5_000_100;
const add = (date: string, credit: number, debit: number, memo: string): Tx => {
  const tx = { date, credit, debit, memo, ref: `FT23${String(refNo++).padStart(8, '0')}` };
  txs.push(tx);
  return tx;
};
const cases: Planted[] = [];

// Exact: the memo names the unit plainly or abbreviated, the amount is the reported one.
add('2023-09-12', sent('tt-an-lao'), 0, 'MTTQ TT AN LAO NOP TIEN UNG HO DIEN BIEN');
cases.push({ case: 'exact', memo: 'MTTQ TT AN LAO …', parties: ['unit:tt-an-lao'], kind: 'exact', status: 'matched', lines: 1 });
add('2023-09-20', sent('xa-an-tien'), 0, 'UBMTTQ X.AN TIEN CK UNG HO NHA DAI DOAN KET');
cases.push({ case: 'abbreviated "X."', memo: 'UBMTTQ X.AN TIEN …', parties: ['unit:xa-an-tien'], kind: 'exact', status: 'matched', lines: 1 });
add('2023-09-28', sent('hoi-chu-thap-do-huyen'), 0, 'HOI CHU THAP DO HUYEN AN LAO UNG HO DIEN BIEN');
cases.push({ case: 'organisation', memo: 'HOI CHU THAP DO …', parties: ['unit:hoi-chu-thap-do-huyen'], kind: 'exact', status: 'matched', lines: 1 });
// 1. A unit's transfer split in two.
const split = sent('xa-chien-thang');
add('2023-09-05', 50_000_000, 0, 'MTTQ XA CHIEN THANG NOP TIEN UNG HO DIEN BIEN DOT 1');
add('2023-09-26', split - 50_000_000, 0, 'UBMTTQ X.CHIEN THANG NOP TIEN UNG HO DOT 2');
cases.push({ case: 'split in two', memo: 'MTTQ XA CHIEN THANG … DOT 1 / DOT 2', parties: ['unit:xa-chien-thang'], kind: 'split', status: 'matched', lines: 2 });
// 2. Two units' money in one transfer.
add('2023-09-29', sent('xa-quoc-tuan') + sent('xa-an-thai'), 0, 'MTTQ XA QUOC TUAN VA XA AN THAI NOP TIEN UNG HO DIEN BIEN');
cases.push({ case: 'two units in one transfer', memo: 'MTTQ XA QUOC TUAN VA XA AN THAI …', parties: ['unit:xa-an-thai', 'unit:xa-quoc-tuan'], kind: 'combined', status: 'matched', lines: 1 });
// 3. A memo with a typo ("HNUG" for "HUNG").
add('2023-09-22', sent('xa-quang-hung'), 0, 'UBMTTQ XA QUANG HNUG UNG HO NHA DAI DOAN KET');
cases.push({ case: 'memo with a typo', memo: 'UBMTTQ XA QUANG HNUG …', parties: ['unit:xa-quang-hung'], kind: 'exact', status: 'matched', lines: 1 });
// 4. A credit without a memo: only the amount says whose it may be; staff must confirm.
add('2023-09-18', sent('hoi-ccb-huyen'), 0, '');
cases.push({ case: 'credit without a memo', memo: '', parties: ['unit:hoi-ccb-huyen'], kind: 'amount-only', status: 'suggested', lines: 1 });
// 5. A fee difference: 11.000 đồng less than reported.
add('2023-09-25', sent('hoi-phu-nu-huyen') - 11_000, 0, 'HLHPN HUYEN AN LAO NOP TIEN UNG HO DIEN BIEN');
cases.push({ case: 'bank fee deducted', memo: 'HLHPN HUYEN AN LAO …', parties: ['unit:hoi-phu-nu-huyen'], kind: 'fee', status: 'matched', lines: 1 });
// 6. tt-truong-son reports money sent that never arrives: no line at all.
// Received but reported by nobody, and a credit before the campaign; debits are listed apart.
add('2023-09-15', 5_000_000, 0, 'CONG TY TNHH THANH DAT UNG HO QUY VI NGUOI NGHEO');
add('2023-07-20', 3_000_000, 0, 'NOP TIEN QUY VI NGUOI NGHEO');
add('2023-10-10', 0, 200_000_000, 'CHUYEN TIEN UNG HO DIEN BIEN VE UB MTTQ TP HAI PHONG');
add('2023-09-30', 0, 11_000, 'PHI QUAN LY TAI KHOAN THANG 09/2023');
txs.sort((a, b) => a.date.localeCompare(b.date) || a.ref.localeCompare(b.ref));

const vn = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const comma = (n: number) => (n ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '');
const dot = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const OPENING = 12_500_000;
const balances = (() => {
  let b = OPENING;
  return txs.map((t) => (b += t.credit - t.debit));
})();

function sheetWith(wb: ExcelJS.Workbook, name: string, title: string[], header: string[], rows: (string | number | Date | null)[][]): void {
  const ws = wb.addWorksheet(name);
  title.forEach((t) => ws.addRow([t]));
  ws.addRow([]);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 18));
}

async function saveWorkbook(wb: ExcelJS.Workbook, file: string): Promise<void> {
  wb.created = new Date('2023-10-15T00:00:00Z');
  wb.modified = wb.created;
  await mkdir(path.dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
}

/** Vietcombank (VCB Digibank "Sao kê tài khoản"): bilingual headers, amounts as "1,000,000" text. */
function vietcombank(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  sheetWith(
    wb,
    'Statement',
    ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM', 'SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT', `Số tài khoản / Account number: ${ACCOUNT}`, 'Tên tài khoản / Account name: UY BAN MTTQ VIET NAM HUYEN AN LAO', 'Từ ngày / From: 01/07/2023  Đến ngày / To: 31/10/2023', `Số dư đầu kỳ / Opening balance: ${comma(OPENING)}`],
    ['STT\nNo.', 'Ngày giao dịch\nTransaction Date', 'Số tham chiếu\nReference No.', 'Số tiền ghi nợ\nDebit', 'Số tiền ghi có\nCredit', 'Số dư\nBalance', 'Mô tả\nDescription'],
    txs.map((t, i) => [i + 1, vn(t.date), t.ref, comma(t.debit), comma(t.credit), comma(balances[i]!), t.memo]),
  );
  return wb;
}

/** VietinBank (eFAST): one signed "Số tiền giao dịch", accounting and transaction dates. */
function vietinbank(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  sheetWith(
    wb,
    'Sheet1',
    ['NGÂN HÀNG TMCP CÔNG THƯƠNG VIỆT NAM', 'LỊCH SỬ GIAO DỊCH', `Số tài khoản: ${ACCOUNT}`],
    ['STT', 'Ngày hạch toán', 'Ngày giao dịch', 'Mô tả giao dịch', 'Số tiền giao dịch', 'Số dư', 'Số giao dịch'],
    txs.map((t, i) => [i + 1, vn(t.date), `${vn(t.date)} 10:15:00`, t.memo, t.credit ? `+${dot(t.credit)}` : `-${dot(t.debit)}`, dot(balances[i]!), t.ref]),
  );
  return wb;
}

/** BIDV (iBank export .csv): "Ghi nợ"/"Ghi có", "Số bút toán", memo last. */
function bidvCsv(): string {
  const q = (s: string | number) => `"${String(s).replace(/"/g, '""')}"`;
  const head = ['NGAN HANG TMCP DAU TU VA PHAT TRIEN VIET NAM - BIDV', `Số tài khoản: ${ACCOUNT}`, ''];
  const rows = [['STT', 'Ngày hiệu lực', 'Ngày GD', 'Số bút toán', 'Ghi nợ', 'Ghi có', 'Số dư', 'Nội dung'].map(q).join(',')];
  txs.forEach((t, i) => rows.push([i + 1, vn(t.date), vn(t.date), t.ref, t.debit || '', t.credit || '', balances[i]!, t.memo].map(q).join(',')));
  rows.push(['', '', '', '', txs.reduce((s, t) => s + t.debit, 0), txs.reduce((s, t) => s + t.credit, 0), '', 'Tổng cộng'].map(q).join(','));
  return '\uFEFF' + [...head, ...rows].join('\r\n') + '\r\n';
}

/** Agribank (E-Banking): real date cells, one amount and a "Nợ/Có" (D/C) column, "Diễn giải". */
function agribank(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  sheetWith(
    wb,
    'SaoKe',
    ['NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM', 'SAO KÊ CHI TIẾT TÀI KHOẢN', `Số tài khoản: ${ACCOUNT}`],
    ['Ngày GD', 'Số CT', 'Diễn giải', 'Số tiền', 'Nợ/Có', 'Số dư'],
    txs.map((t, i) => [new Date(`${t.date}T00:00:00Z`), t.ref, t.memo, t.credit || t.debit, t.credit ? 'C' : 'D', balances[i]!]),
  );
  return wb;
}

function statementHtml(): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = txs.map((t, i) => `<tr><td>${i + 1}</td><td>${vn(t.date)}</td><td>${t.ref}</td><td class="n">${comma(t.debit)}</td><td class="n">${comma(t.credit)}</td><td class="n">${comma(balances[i]!)}</td><td class="m">${esc(t.memo)}</td></tr>`).join('\n');
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
body{font:9pt sans-serif} table{border-collapse:collapse;width:100%} td,th{border:1px solid #999;padding:2px 4px;vertical-align:top} .n{text-align:right;white-space:nowrap} .m{width:38%}
</style></head><body><h3>SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT</h3><p>Số tài khoản: ${ACCOUNT}</p>
<table><tr><th>STT</th><th>Ngày GD</th><th>Số tham chiếu</th><th>Ghi nợ</th><th>Ghi có</th><th>Số dư</th><th>Nội dung</th></tr>${rows}</table></body></html>`;
}

async function main(): Promise<void> {
  await saveWorkbook(vietcombank(), path.join(DEMO, 'bank', 'sao-ke-vietcombank.xlsx'));
  await saveWorkbook(vietcombank(), path.join(LAYOUTS, 'vietcombank.xlsx'));
  await saveWorkbook(vietinbank(), path.join(LAYOUTS, 'vietinbank.xlsx'));
  await saveWorkbook(agribank(), path.join(LAYOUTS, 'agribank.xlsx'));
  await writeFile(path.join(LAYOUTS, 'bidv.csv'), bidvCsv(), 'utf8');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent(statementHtml(), { waitUntil: 'load' });
    await writeFile(path.join(LAYOUTS, 'sao-ke.pdf'), await page.pdf({ format: 'A4', landscape: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } }));
  } finally {
    await browser.close();
  }
  const lines = txs.map((t) => ({ date: t.date, credit: t.credit, debit: t.debit, memo: t.memo, reference: t.ref }));
  await writeFile(path.join(LAYOUTS, 'transactions.json'), `${JSON.stringify({ account: ACCOUNT, lines }, null, 2)}\n`, 'utf8');
  expected['reconciliation'] = {
    notes: [
      'Written by scripts/make-bank-fixtures.ts from the units\' "Đã nộp"/"Đã chuyển" amounts above; matches are checked by parties, kind and status.',
      'tt-truong-son reports money sent that never arrived (BANK_NOT_RECEIVED); one credit is reported by nobody (BANK_UNREPORTED); one is dated before the campaign (BANK_OUTSIDE_WINDOW); debits are listed apart.',
    ],
    statement: 'bank/sao-ke-vietcombank.xlsx',
    received: txs.filter((t) => t.credit && t.date >= '2023-08-01').reduce((s, t) => s + t.credit, 0),
    debited: txs.reduce((s, t) => s + t.debit, 0),
    matches: cases,
    notReceived: ['unit:tt-truong-son'],
    unreported: [{ memo: 'CONG TY TNHH THANH DAT UNG HO QUY VI NGUOI NGHEO', amount: 5_000_000, code: 'BANK_UNREPORTED' }],
    outsideWindow: [{ memo: 'NOP TIEN QUY VI NGUOI NGHEO', amount: 3_000_000, code: 'BANK_OUTSIDE_WINDOW' }],
    debits: txs.filter((t) => t.debit).length,
  };
  await writeFile(path.join(DEMO, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`, 'utf8');
  console.log(`Wrote ${txs.length} statement lines: demo statement, 4 bank layouts and a PDF`);
}

await main();
