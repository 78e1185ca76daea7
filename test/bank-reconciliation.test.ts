import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStatementFile, readStatements } from '../src/intake/bank/read-statements.js';
import { withReconciliation } from '../src/analyse/reconcile-step.js';
import { reconcile } from '../src/review/reconcile.js';
import { findName, memoWords, unitCore, initialsOf } from '../src/review/memo-names.js';
import { parseDecisionFile } from '../src/config/decisions.js';
import type { Analysis } from '../src/analyse/analyse.js';
import type { CampaignConfig } from '../src/model/config.js';
import type { StatementRead } from '../src/model/reconciliation.js';
import { SummarySchema } from '../src/model/summary.js';
import { buildSummary } from '../src/outputs/summary-json.js';
import { analyseDemo } from './helpers/demo.js';
import { FIXTURES } from './helpers/intake.js';

const DEMO_DIR = path.join(FIXTURES, 'an-lao-2023');
const LAYOUTS = path.join(FIXTURES, 'bank');
type Planted = { case: string; parties: string[]; kind: string; status: string; lines: number };
const expected = JSON.parse(readFileSync(path.join(DEMO_DIR, 'expected.json'), 'utf8')).reconciliation as {
  received: number;
  debited: number;
  matches: Planted[];
  notReceived: string[];
  unreported: { memo: string; amount: number; code: string }[];
  outsideWindow: { memo: string; amount: number; code: string }[];
  debits: number;
};

let demo: Analysis & { config: CampaignConfig };
let statements: StatementRead[];
let result: Analysis;
beforeAll(async () => {
  demo = await analyseDemo();
  statements = await readStatements(demo.config, DEMO_DIR);
  result = withReconciliation(demo.config, demo, statements);
});

describe('bank statements in each bank’s export layout read to the same transactions', () => {
  const truth = JSON.parse(readFileSync(path.join(LAYOUTS, 'transactions.json'), 'utf8')) as {
    account: string;
    lines: { date: string; credit: number; debit: number; memo: string; reference: string }[];
  };
  const byDate = <T extends { date?: string | undefined; credit: number; memo: string }>(a: T[]) => [...a].sort((x, y) => (x.date ?? '').localeCompare(y.date ?? '') || x.credit - y.credit || x.memo.localeCompare(y.memo));
  for (const file of ['vietcombank.xlsx', 'vietinbank.xlsx', 'bidv.csv', 'agribank.xlsx', 'sao-ke.pdf']) {
    it(file, async () => {
      const read = await readStatementFile(path.join(LAYOUTS, file), file, {});
      expect(read.status, read.reason).toBe('ok');
      expect(read.account).toBe(truth.account);
      const got = byDate(read.lines).map((l) => ({ date: l.date, credit: l.credit, debit: l.debit, memo: l.memo, reference: l.reference }));
      expect(got).toEqual(byDate(truth.lines));
      // Every line points back to its place in the file.
      for (const l of read.lines) expect(l.row).toBeGreaterThan(0);
      if (!file.endsWith('.pdf')) for (const l of read.lines) expect(l.cells['date']).toMatch(/^[A-Z]+\d+$/);
    });
  }

  it('a PDF without a text layer (a scan) is a failed read that says so', async () => {
    // One blank A4 page drawn with a filled rectangle only, as a scanner's image would be: nothing for pdftotext.
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', '<< /Length 27 >>\nstream\n0.5 g 50 50 495 742 re f\nendstream'];
    let pdf = '%PDF-1.4\n';
    const offsets = objects.map((body, i) => {
      const at = pdf.length;
      pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
      return at;
    });
    const xref = pdf.length;
    pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-scan-'));
    try {
      writeFileSync(path.join(dir, 'sao-ke-scan.pdf'), pdf, 'latin1');
      const read = await readStatementFile(path.join(dir, 'sao-ke-scan.pdf'), 'sao-ke-scan.pdf', {});
      expect(read).toMatchObject({ status: 'failed', failure: 'BANK_STATEMENT_UNREADABLE', lines: [] });
      expect(read.reason).toMatch(/không có lớp chữ/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that is no statement is a failed read with a reason, not a stop', async () => {
    const read = await readStatementFile(path.join(DEMO_DIR, 'submissions', 'xa-an-tho.xlsx'), 'xa-an-tho.xlsx', {});
    expect(read).toMatchObject({ status: 'failed', failure: 'BANK_STATEMENT_UNREADABLE', lines: [] });
    expect(read.reason).toMatch(/Ngày giao dịch/);
  });
});

describe('memo names', () => {
  it('finds units unaccented, abbreviated, by initials and with one slip, not the district of the same name', () => {
    const core = unitCore('Xã An Thọ');
    expect(core).toEqual(['an', 'tho']);
    expect(findName(memoWords('MTTQ XA AN THO NOP TIEN UNG HO DIEN BIEN'), core)?.how).toBe('exact');
    expect(findName(memoWords('UBMTTQ X.AN THO'), core)?.how).toBe('exact');
    expect(findName(memoWords('UBMTTQ XA AN THOO'), core)?.how).toBe('fuzzy');
    expect(findName(memoWords('UBMTTQ XA AN THAI'), core)).toBeUndefined();
    const hnd = unitCore('Hội Nông dân huyện');
    expect(findName(memoWords('HND HUYEN CK UNG HO'), hnd, initialsOf(hnd))?.how).toBe('initials');
    expect(findName(memoWords('MTTQ HUYEN AN LAO CHUYEN TIEN'), unitCore('Thị trấn An Lão'))).toBeUndefined();
  });
});

describe('the demo statement reconciles to the planted outcome', () => {
  it('every planted case is matched as expected, with evidence', () => {
    const r = result.consolidation.reconciliation!;
    const got = r.matches.map((m) => ({ parties: [...m.parties].sort(), kind: m.kind, status: m.status, lines: m.lines.length }));
    const want = expected.matches.map((m) => ({ parties: [...m.parties].sort(), kind: m.kind, status: m.status, lines: m.lines }));
    expect(got.sort((a, b) => a.parties[0]!.localeCompare(b.parties[0]!))).toEqual(want.sort((a, b) => a.parties[0]!.localeCompare(b.parties[0]!)));
    for (const m of r.matches) {
      expect(m.id).toMatch(/^dc-[0-9a-f]{10}$/);
      expect(m.evidence.length).toBeGreaterThanOrEqual(2);
      expect(m.confidence).toBeGreaterThan(0);
    }
    expect(r.matches.find((m) => m.kind === 'fee')!.difference).toBe(-11_000);
  });

  it('mismatches both ways are issues at their place', () => {
    const r = result.consolidation.reconciliation!;
    expect(r.notReceived).toEqual(expected.notReceived);
    expect(result.issues.find((i) => i.code === 'BANK_NOT_RECEIVED')).toMatchObject({ location: { unitId: 'tt-truong-son' }, params: { amount: 22_705_000 } });
    const lines = new Map(r.lines.map((l) => [l.id, l]));
    expect(r.unreported.map((id) => ({ memo: lines.get(id)!.memo, amount: lines.get(id)!.credit, code: 'BANK_UNREPORTED' }))).toEqual(expected.unreported);
    expect(r.outsideWindow.map((id) => ({ memo: lines.get(id)!.memo, amount: lines.get(id)!.credit, code: 'BANK_OUTSIDE_WINDOW' }))).toEqual(expected.outsideWindow);
    const unreported = result.issues.find((i) => i.code === 'BANK_UNREPORTED')!;
    expect(unreported.location).toMatchObject({ source: 'bank/sao-ke-vietcombank.xlsx', sheet: 'Statement', cell: `E${lines.get(r.unreported[0]!)!.row}` });
    expect(result.issues.filter((i) => i.code === 'BANK_MATCH_UNCERTAIN')).toHaveLength(1);
    expect(r.received).toBe(expected.received);
    expect(r.debited).toBe(expected.debited);
    expect(r.debits).toHaveLength(expected.debits);
  });

  it('summary.json carries the reconciliation and validates against its schema', () => {
    const summary = buildSummary(demo.config, result.consolidation, result.issues, { id: 't', startedAt: '2023-10-05T00:00:00Z', finishedAt: '2023-10-05T00:00:00Z', tool: 't' }, '2023-10-05');
    expect(SummarySchema.safeParse(summary).success).toBe(true);
    expect(summary.reconciliation?.matches).toHaveLength(expected.matches.length);
  });

  it('staff confirm or reject matches in decisions.yaml; unknown ids are reported', () => {
    const r = result.consolidation.reconciliation!;
    const suggested = r.matches.find((m) => m.status === 'suggested')!;
    const typo = r.matches.find((m) => m.parties.includes('unit:xa-quang-hung'))!;
    const { matches } = parseDecisionFile(
      `matches:\n  - match: ${suggested.id}\n    decision: đúng\n  - match: ${typo.id}\n    decision: sai\n  - match: dc-0000000000\n    decision: confirm\n`,
      'decisions.yaml',
    );
    const decided = reconcile({ config: { ...demo.config, matchDecisions: matches }, outcomes: demo.outcomes, statements });
    const again = decided.reconciliation;
    expect(again.matches.find((m) => m.id === suggested.id)?.status).toBe('confirmed');
    expect(again.matches.some((m) => m.id === typo.id)).toBe(false);
    expect(again.notReceived).toContain('unit:xa-quang-hung');
    expect(again.decided).toEqual({ confirmed: 1, rejected: 1 });
    expect(again.unusedDecisions).toEqual(['dc-0000000000']);
    expect(decided.issues.map((i) => i.code)).toContain('BANK_DECISION_UNUSED');
    expect(decided.issues.some((i) => i.code === 'BANK_MATCH_UNCERTAIN')).toBe(false);
  });

  it('donors who transferred directly are matched by name within their amount and date block', () => {
    const outcome = demo.outcomes.find((o) => o.unitId === 'hoi-chu-thap-do-huyen')!;
    const donor = outcome.donations.find((d) => d.category === 'business')!;
    const direct = { ...donor, status: 'transferred' as const, note: 'Chuyển thẳng vào tài khoản', date: '2023-09-14', amount: 5_000_000, name: 'Công ty TNHH Thành Đạt' };
    const outcomes = [{ ...outcome, donations: [direct] }];
    const { reconciliation } = reconcile({ config: demo.config, outcomes, statements });
    const match = reconciliation.matches.find((m) => m.parties[0]!.startsWith('donor:'));
    expect(match).toMatchObject({ kind: 'exact', status: 'matched' });
    expect(match!.evidence[0]).toContain('THANH DAT');
  });
});
