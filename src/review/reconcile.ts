/**
 * The money trail: bank statement credits matched to what units reported as sent ("đã nộp",
 * "đã chuyển") and to donors who transferred directly. A credit is matched when its memo names
 * the party (src/review/memo-names.ts) and the amount agrees (equal, less a bank fee within
 * `bank.feeMargin`, several transfers adding up, or one transfer for several units), inside the
 * campaign's date window. Direct donors are found by blocking on amount and date, never by
 * comparing all pairs. Every match has a confidence and evidence; staff confirm or reject it in
 * decisions.yaml (`matches:`). Pure.
 */
import { createHash } from 'node:crypto';
import type { CampaignConfig } from '../model/config.js';
import type { SourceOutcome } from '../model/source.js';
import { makeIssue, type Issue } from '../model/issue.js';
import type { Match, MatchDecision, Receivable, Reconciliation, StatementLine, StatementRead } from '../model/reconciliation.js';
import { foldForMatch } from '../format/text.js';
import { formatDateShort } from '../format/date.js';
import { formatMoney } from '../format/number.js';
import { findName, initialsOf, memoWords, unitCore, type NameHit } from './memo-names.js';
import { DonorIndex, shiftDay, UnitNameIndex } from './reconcile-index.js';

/**
 * A note that says the donor paid into the campaign account themselves ("chuyển thẳng vào tài
 * khoản", "CK trực tiếp"). A bare "Chuyển khoản" only says how the unit was paid, so it stays in
 * the unit's money.
 */
const DIRECT = /\b(chuyen thang|chuyen truc tiep|ck truc tiep|ck thang|truc tiep vao tai khoan|nop thang vao tai khoan)\b/;
/** Confidence from which a match counts without a person confirming it. */
const SURE = 70;

type ReconcileInput = {
  config: Pick<CampaignConfig, 'units' | 'campaign' | 'bank' | 'matchDecisions'>;
  outcomes: readonly SourceOutcome[];
  statements: readonly StatementRead[];
};

/** What units and direct donors reported as sent to the account. */
function receivablesOf(outcomes: readonly SourceOutcome[], units: CampaignConfig['units']): Receivable[] {
  const names = new Map(units.map((u) => [u.id, u.name]));
  const byUnit = new Map<string, { amount: number; rows: number }>();
  const donors: Receivable[] = [];
  const seen = new Map<string, number>();
  // Lists repeat the same few notes; each is folded once.
  const direct = new Map<string, boolean>();
  const isDirect = (note: string) => direct.get(note) ?? direct.set(note, DIRECT.test(foldForMatch(note))).get(note)!;
  for (const outcome of outcomes) {
    for (const d of outcome.donations) {
      if (d.status !== 'paid' && d.status !== 'transferred') continue;
      if (d.note && isDirect(d.note)) {
        const base = `donor:${d.unitId}:${memoWords(d.name).join('-')}:${d.amount}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const r: Receivable = { party: n ? `${base}:${n + 1}` : base, kind: 'donor', unitId: d.unitId, name: d.name, amount: d.amount, rows: 1, source: d.provenance.source, sheet: d.provenance.sheet, row: d.provenance.row };
        const cell = d.provenance.cells['name'];
        if (cell) r.cell = cell;
        if (d.date) r.date = d.date;
        donors.push(r);
        continue;
      }
      const sum = byUnit.get(d.unitId) ?? { amount: 0, rows: 0 };
      sum.amount += d.amount;
      sum.rows++;
      byUnit.set(d.unitId, sum);
    }
  }
  const unitParties = units
    .filter((u) => (byUnit.get(u.id)?.amount ?? 0) > 0)
    .map((u): Receivable => ({ party: `unit:${u.id}`, kind: 'unit', unitId: u.id, name: names.get(u.id) ?? u.id, amount: byUnit.get(u.id)!.amount, rows: byUnit.get(u.id)!.rows }));
  return [...unitParties, ...donors];
}

function matchId(lines: readonly string[], parties: readonly string[]): string {
  return `dc-${createHash('sha256').update([...lines].sort().join(',') + '|' + [...parties].sort().join(',')).digest('hex').slice(0, 10)}`;
}

type Candidate = Omit<Match, 'id' | 'status'>;

function nameEvidence(hit: NameHit, who: string): string {
  if (hit.how === 'exact') return `nội dung ghi "${hit.text}" (${who})`;
  if (hit.how === 'initials') return `nội dung ghi tắt "${hit.text}" (${who})`;
  return `nội dung gần đúng "${hit.text}" (${who})`;
}

function amountEvidence(received: number, reported: number): { score: number; kind: 'exact' | 'fee'; text: string } {
  if (received === reported) return { score: 30, kind: 'exact', text: 'số tiền bằng số báo cáo' };
  return { score: 25, kind: 'fee', text: `thiếu ${formatMoney(reported - received)} đồng so với báo cáo (phí ngân hàng)` };
}

/** Subsets of 2–4 credits whose sum is within the fee margin below `target` (few credits per unit, so small search). */
function splitOf(credits: readonly StatementLine[], target: number, fee: number): StatementLine[] | undefined {
  const list = credits.slice(0, 12);
  let found: StatementLine[] | undefined;
  const walk = (start: number, chosen: StatementLine[], sum: number): void => {
    if (found || chosen.length > 4 || sum > target) return;
    if (chosen.length >= 2 && sum >= target - fee * chosen.length) {
      found = [...chosen];
      return;
    }
    for (let i = start; i < list.length; i++) walk(i + 1, [...chosen, list[i]!], sum + list[i]!.credit);
  };
  walk(0, [], 0);
  return found;
}

/** Up to `limit` parties not yet used whose amount is in [from, to]; `sorted` is by amount. */
function openWithin(sorted: readonly Receivable[], from: number, to: number, used: ReadonlySet<string>, limit: number): Receivable[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.amount < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Receivable[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.amount <= to && out.length < limit; i++) if (!used.has(sorted[i]!.party)) out.push(sorted[i]!);
  return out;
}

/** Reconciles the statements with the outcomes; issues say what does not match, both ways. */
export function reconcile({ config, outcomes, statements }: ReconcileInput): { reconciliation: Reconciliation; issues: Issue[] } {
  const bank = config.bank!;
  const fee = bank.feeMargin;
  const window = { from: shiftDay(config.campaign.period.from, -bank.window.before), to: shiftDay(config.campaign.period.to, bank.window.after) };
  const issues: Issue[] = [];
  const lines = statements.flatMap((s) => s.lines);
  const byLine = new Map(lines.map((l) => [l.id, l]));
  const credits = lines.filter((l) => l.credit > 0 && l.date !== undefined && l.date >= window.from && l.date <= window.to);
  const outside = lines.filter((l) => l.credit > 0 && !(l.date !== undefined && l.date >= window.from && l.date <= window.to));
  const debits = lines.filter((l) => l.debit > 0);
  const receivables = receivablesOf(outcomes, config.units);
  const byParty = new Map(receivables.map((r) => [r.party, r]));
  const unitParties = receivables.filter((r) => r.kind === 'unit');
  const decisions = new Map<string, MatchDecision>();
  for (const d of config.matchDecisions) decisions.set(d.match, d);
  const inWindow = `ngày trong thời gian đối chiếu`;

  // Which units each credit's memo names (indexed by word: a unit is tried only when all its words but one are there, or its initials).
  const cores = unitParties.map((p) => {
    const core = unitCore(p.name);
    return { party: p, core, initials: initialsOf(core) };
  });
  const unitIndex = new UnitNameIndex(cores);
  const named = new Map<string, { party: Receivable; hit: NameHit }[]>();
  const memoOf = new Map<string, string[]>();
  for (const line of credits) {
    const words = memoWords(line.memo);
    memoOf.set(line.id, words);
    const hits: { party: Receivable; hit: NameHit }[] = [];
    for (const u of unitIndex.candidates(words)) {
      const c = cores[u]!;
      const hit = findName(words, c.core, c.initials);
      if (hit) hits.push({ party: c.party, hit });
    }
    named.set(line.id, hits);
  }

  const candidates: Candidate[] = [];
  const date = (l: StatementLine) => formatDateShort(l.date!);
  // One transfer for several units: the memo names them all and the amounts add up.
  for (const line of credits) {
    const hits = named.get(line.id)!;
    if (hits.length < 2) continue;
    const reported = hits.reduce((s, h) => s + h.party.amount, 0);
    if (line.credit > reported || line.credit < reported - fee) continue;
    const amount = amountEvidence(line.credit, reported);
    candidates.push({
      kind: 'combined', confidence: Math.min(...hits.map((h) => h.hit.score)) + 25 + 10,
      evidence: [...hits.map((h) => nameEvidence(h.hit, h.party.name)), `một lần chuyển cho ${hits.length} đơn vị, ${amount.text}`, `${inWindow} (${date(line)})`],
      lines: [line.id], parties: hits.map((h) => h.party.party), received: line.credit, reported, difference: line.credit - reported,
    });
  }
  // A unit's money in one transfer, or split across several.
  const creditsNaming = new Map<string, { line: StatementLine; hit: NameHit }[]>();
  for (const line of credits) {
    for (const h of named.get(line.id)!) {
      const list = creditsNaming.get(h.party.party) ?? [];
      list.push({ line, hit: h.hit });
      creditsNaming.set(h.party.party, list);
    }
  }
  for (const party of unitParties) {
    const naming = creditsNaming.get(party.party) ?? [];
    for (const { line, hit } of naming) {
      if (line.credit > party.amount || line.credit < party.amount - fee) continue;
      const amount = amountEvidence(line.credit, party.amount);
      candidates.push({
        kind: amount.kind, confidence: hit.score + amount.score + 10,
        evidence: [nameEvidence(hit, party.name), amount.text, `${inWindow} (${date(line)})`],
        lines: [line.id], parties: [party.party], received: line.credit, reported: party.amount, difference: line.credit - party.amount,
      });
    }
    const split = splitOf(naming.map((n) => n.line).sort((a, b) => a.date!.localeCompare(b.date!)), party.amount, fee);
    if (split) {
      const received = split.reduce((s, l) => s + l.credit, 0);
      const hit = naming.find((n) => n.line.id === split[0]!.id)!.hit;
      candidates.push({
        kind: 'split', confidence: hit.score + 25 + 10,
        evidence: [nameEvidence(hit, party.name), `${split.length} lần chuyển (${split.map((l) => `${date(l)}: ${formatMoney(l.credit)}`).join('; ')}) cộng lại ${received === party.amount ? 'bằng số báo cáo' : `thiếu ${formatMoney(party.amount - received)} đồng (phí ngân hàng)`}`, inWindow],
        lines: split.map((l) => l.id), parties: [party.party], received, reported: party.amount, difference: received - party.amount,
      });
    }
  }
  // Direct donors: blocked by amount, words of the name and date.
  const donors = receivables.filter((r) => r.kind === 'donor');
  const donorIndex = new DonorIndex(donors);
  for (const line of credits) {
    const words = memoOf.get(line.id)!;
    if (words.length === 0) continue;
    const near = donorIndex.near(line.credit, fee, line.date, words);
    if (near.length === 0) continue;
    const present = new Set(words);
    for (const i of near) {
      const donor = donors[i]!;
      const core = donorIndex.cores[i]!;
      // A name with one slip still has all its other words exact: count them before the costlier search.
      let exact = 0;
      for (const w of core) if (present.has(w)) exact++;
      if (exact < core.length - 1 || exact === 0) continue;
      const hit = findName(words, core);
      if (!hit) continue;
      const amount = amountEvidence(line.credit, donor.amount);
      candidates.push({
        kind: amount.kind, confidence: hit.score + amount.score + 10,
        evidence: [nameEvidence(hit, donor.name), amount.text, `${inWindow} (${date(line)})`],
        lines: [line.id], parties: [donor.party], received: line.credit, reported: donor.amount, difference: line.credit - donor.amount,
      });
    }
  }

  const matches: Match[] = [];
  const usedLines = new Set<string>();
  const usedParties = new Set<string>();
  const used = new Set<string>();
  const rejected = new Set<string>();
  const accept = (c: Candidate, status?: Match['status']): boolean => {
    if (c.lines.some((l) => usedLines.has(l)) || c.parties.some((p) => usedParties.has(p))) return false;
    const id = matchId(c.lines, c.parties);
    const decision = decisions.get(id);
    if (decision) used.add(id);
    if (decision?.decision === 'reject') {
      rejected.add(id);
      return false;
    }
    const final: Match['status'] = decision?.decision === 'confirm' ? 'confirmed' : status ?? (c.confidence >= SURE ? 'matched' : 'suggested');
    matches.push({ id, status: final, ...c });
    for (const l of c.lines) usedLines.add(l);
    for (const p of c.parties) usedParties.add(p);
    return true;
  };
  const rank = { exact: 0, fee: 1, combined: 2, split: 3, 'amount-only': 4, differs: 5 } as const;
  candidates.sort((a, b) => b.confidence - a.confidence || rank[a.kind] - rank[b.kind] || a.lines[0]!.localeCompare(b.lines[0]!));
  for (const c of candidates) accept(c);

  // Named but the amounts differ: linked, and said.
  for (const party of unitParties) {
    if (usedParties.has(party.party)) continue;
    const naming = (creditsNaming.get(party.party) ?? []).filter((n) => !usedLines.has(n.line.id) && named.get(n.line.id)!.length === 1);
    if (naming.length === 0) continue;
    const received = naming.reduce((s, n) => s + n.line.credit, 0);
    accept({
      kind: 'differs', confidence: naming[0]!.hit.score + 10,
      evidence: [nameEvidence(naming[0]!.hit, party.name), `nhận ${formatMoney(received)} đồng, báo cáo ${formatMoney(party.amount)} đồng`],
      lines: naming.map((n) => n.line.id), parties: [party.party], received, reported: party.amount, difference: received - party.amount,
    }, 'differs');
  }
  // A credit whose memo names nobody: the one open party with that amount, for staff to confirm.
  const open = receivables.filter((r) => !usedParties.has(r.party)).sort((a, b) => a.amount - b.amount);
  for (const line of credits) {
    if (usedLines.has(line.id) || named.get(line.id)!.length > 0) continue;
    const fits = openWithin(open, line.credit, line.credit + fee, usedParties, 2);
    if (fits.length !== 1) continue;
    const party = fits[0]!;
    const amount = amountEvidence(line.credit, party.amount);
    accept({
      kind: 'amount-only', confidence: amount.score + 10,
      evidence: [line.memo.trim() ? 'nội dung không nêu tên' : 'không có nội dung chuyển khoản', `${amount.text}, chỉ một đơn vị/người có số này`, `${inWindow} (${date(line)})`],
      lines: [line.id], parties: [party.party], received: line.credit, reported: party.amount, difference: line.credit - party.amount,
    });
  }

  // Issues, both ways.
  const lineWhere = (l: StatementLine, unitId?: string) => ({ unitId, source: l.source, sheet: l.sheet, row: l.row, cell: l.cells['credit'] ?? l.cells['amount'], column: (l.cells['credit'] ?? l.cells['amount'])?.replace(/\d+$/, '') });
  const memoText = (l: StatementLine) => l.memo.trim() || '(không có nội dung)';
  for (const s of statements) if (s.status === 'failed') issues.push(makeIssue('BANK_STATEMENT_UNREADABLE', { source: s.path }, { reason: s.reason ?? '' }));
  for (const m of matches) {
    const first = byLine.get(m.lines[0]!)!;
    const parties = m.parties.map((p) => byParty.get(p)!);
    if (m.status === 'suggested') {
      issues.push(makeIssue('BANK_MATCH_UNCERTAIN', lineWhere(first, parties[0]!.unitId), { amount: m.received, date: formatDateShort(first.date!), memo: memoText(first), name: parties.map((p) => p.name).join(', '), match: m.id, score: m.confidence, evidence: m.evidence.join('; ') }));
    } else if (m.status === 'differs') {
      issues.push(makeIssue('BANK_AMOUNT_DIFFERS', lineWhere(first, parties[0]!.unitId), { name: parties[0]!.name, reported: m.reported, received: m.received, difference: Math.abs(m.difference), match: m.id }));
    }
  }
  const notReceived = receivables.filter((r) => !usedParties.has(r.party));
  for (const r of notReceived) {
    const where = r.kind === 'unit' ? { unitId: r.unitId } : { unitId: r.unitId, source: r.source, sheet: r.sheet, row: r.row, cell: r.cell };
    issues.push(makeIssue('BANK_NOT_RECEIVED', where, { name: r.kind === 'unit' ? r.name : `"${r.name}"`, amount: r.amount }));
  }
  const unreported = credits.filter((l) => !usedLines.has(l.id));
  for (const l of unreported) issues.push(makeIssue('BANK_UNREPORTED', lineWhere(l), { date: formatDateShort(l.date!), amount: l.credit, memo: memoText(l) }));
  for (const l of outside) issues.push(makeIssue('BANK_OUTSIDE_WINDOW', lineWhere(l), { date: l.date ? formatDateShort(l.date) : '?', amount: l.credit, memo: memoText(l), from: formatDateShort(window.from), to: formatDateShort(window.to) }));
  const unusedDecisions = [...decisions.keys()].filter((id) => !used.has(id));
  for (const id of unusedDecisions) issues.push(makeIssue('BANK_DECISION_UNUSED', {}, { match: id }));

  const sum = (ls: readonly StatementLine[], f: 'credit' | 'debit') => ls.reduce((s, l) => s + l[f], 0);
  const account = bank.account ?? statements.find((s) => s.account)?.account;
  const reconciliation: Reconciliation = {
    ...(account ? { account } : {}),
    window,
    feeMargin: fee,
    statements: statements.map(({ lines: ls, ...s }) => ({ ...s, lines: ls.length, credits: sum(ls, 'credit'), debits: sum(ls, 'debit') })),
    lines,
    receivables,
    received: sum(credits, 'credit'),
    debited: sum(debits, 'debit'),
    reported: receivables.reduce((s, r) => s + r.amount, 0),
    matchedReceived: matches.reduce((s, m) => s + m.received, 0),
    matches,
    notReceived: notReceived.map((r) => r.party),
    unreported: unreported.map((l) => l.id),
    outsideWindow: outside.map((l) => l.id),
    debits: debits.map((l) => l.id),
    decided: { confirmed: matches.filter((m) => m.status === 'confirmed').length, rejected: rejected.size },
    unusedDecisions,
  };
  return { reconciliation, issues };
}
