/**
 * index.html in every run folder: a static page (no server, no JavaScript) that staff open from
 * disk to see the totals, which units have reported, what changed since the last run, and every
 * problem by file with links to the feedback files and PDFs. Numbers come from summary.json only.
 */
import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatMoney, formatPercent } from '../format/number.js';
import { statusWord, signedMoney } from './changes-text.js';
import type { Changes, DonorChange } from '../model/changes.js';
import { SEVERITY_LABELS } from '../format/issue-messages.js';
import { defaultTemplatesDir, loadTemplates } from './pdf/templates.js';
import type { Summary } from '../model/summary.js';
import { reconciliationPanel } from './dashboard-reconciliation.js';

/** Problems listed per file on the dashboard; the rest are counted and left to issues.csv. */
export const DASHBOARD_ISSUES_PER_SOURCE = 25;

export const DASHBOARD_FILE = 'index.html';
/** Folder of the per-unit feedback files (written by the feedback stage). */
export const FEEDBACK_DIR = 'phan-hoi';

type Link = { href: string; name: string; label: string };

const FILE_LABELS: Record<string, string> = {
  'bao-cao-tong-hop.pdf': 'Báo cáo tổng hợp (PDF)',
  'summary.json': 'Số liệu đầy đủ (summary.json)',
  'issues.csv': 'Danh sách vấn đề (issues.csv, mở bằng Excel)',
  'run.log': 'Nhật ký lần chạy (run.log)',
  'phu-luc-tong-hop.xlsx': 'Phụ lục tổng hợp (Excel)',
};

const UNIT_STATUS: Record<string, { label: string; tone: string }> = {
  reported: { label: 'Đã báo cáo', tone: 'ok' },
  missing: { label: 'Chưa báo cáo', tone: 'muted' },
  failed: { label: 'Tệp lỗi', tone: 'bad' },
};

/** A relative link that survives spaces and Vietnamese letters in file names. */
function href(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** "2023-10-05T19:02:00Z" → "06/10/2023 02:02" (Vietnam time). */
export function vnDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const v = new Date(t + 7 * 3600_000).toISOString();
  return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)} ${v.slice(11, 16)}`;
}

/** "2023-10-05" or a date-time → "05/10/2023" (Vietnam time for date-times). */
function vnDate(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return vnDateTime(iso).slice(0, 10);
}

/** Files of a run folder the page links to: top-level outputs, and feedback files by unit. */
type RunFiles = { top: string[]; feedback: Map<string, string[]> };

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true, recursive: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

async function runFiles(runDir: string): Promise<RunFiles> {
  // Files, and folders other than the feedback one (certificates), which open as a listing.
  const top = (await readdir(runDir, { withFileTypes: true }))
    .filter((e) => (e.isFile() && e.name !== DASHBOARD_FILE) || (e.isDirectory() && e.name !== FEEDBACK_DIR))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
  const feedback = new Map<string, string[]>();
  for (const file of await list(path.join(runDir, FEEDBACK_DIR))) {
    const [unit, ...rest] = file.split('/');
    if (!unit || rest.length === 0) continue;
    feedback.set(unit, [...(feedback.get(unit) ?? []), `${FEEDBACK_DIR}/${file}`]);
  }
  return { top, feedback };
}

function topLinks(files: string[]): Link[] {
  // PDFs first (the report above the rest), then what people open in Excel, then the machine files.
  const rank = (f: string) => (f === 'bao-cao-tong-hop.pdf' ? 0 : f.endsWith('.pdf') ? 1 : f.endsWith('.xlsx') || f.endsWith('.csv') ? 2 : 3);
  return [...files]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((f) => ({ href: f.endsWith('/') ? `${href(f.slice(0, -1))}/` : href(f), name: f, label: FILE_LABELS[f] ?? (f.endsWith('/') ? `Thư mục ${f}` : f) }));
}

/** Feedback files named by what they are: the letter (PDF) and the submitter's workbook with problems marked. */
function fileLinks(files: string[] | undefined): Link[] {
  return (files ?? []).map((f) => {
    const name = path.posix.basename(f);
    const label = name.endsWith('.pdf') ? 'Thư phản hồi' : name.endsWith('.xlsx') ? 'Bản đánh dấu' : name;
    return { href: href(f), name, label };
  });
}

function ratio(value: number | undefined): { text: string; width: number; raw: string } {
  if (value === undefined) return { text: '', width: 0, raw: '' };
  return { text: formatPercent(value), width: Math.min(100, Math.round(value * 100)), raw: String(value) };
}

function where(i: { source?: string | undefined; sheet?: string | undefined; cell?: string | undefined; row?: number | undefined }): string {
  const parts: string[] = [];
  if (i.sheet) parts.push(`trang "${i.sheet}"`);
  if (i.cell) parts.push(`ô ${i.cell}`);
  else if (i.row !== undefined) parts.push(`dòng ${i.row}`);
  return parts.length ? parts.join(', ') : i.source ? 'cả tệp' : '';
}

type IssueLike = { severity: string; message: string; hint?: string | undefined; code: string; sheet?: string | undefined; cell?: string | undefined; row?: number | undefined; source?: string | undefined };

function issueView(i: IssueLike) {
  return {
    severity: SEVERITY_LABELS[i.severity as keyof typeof SEVERITY_LABELS] ?? i.severity,
    tone: i.severity === 'error' ? 'bad' : i.severity === 'warning' ? 'warn' : 'info',
    code: i.code,
    where: where(i),
    source: i.source ?? '',
    message: i.message,
    hint: i.hint ?? '',
  };
}

function changesView(changes: Changes | undefined, unitName: (id: string) => string) {
  if (!changes) return { first: true, none: false, previousRunId: '', previousAt: '', totals: [], sources: [], units: [], statuses: [], donors: donorsView([], unitName), newIssues: [], resolvedIssues: [] };
  const t = changes.totals;
  const none =
    changes.previousRunId !== null &&
    !changes.sources.length &&
    !changes.units.length &&
    !changes.statuses.length &&
    !changes.issues.new.length &&
    !changes.issues.resolved.length;
  const SOURCE_CHANGE: Record<string, string> = { added: 'Tệp mới', updated: 'Cập nhật', removed: 'Không còn' };
  return {
    first: changes.previousRunId === null,
    none,
    previousRunId: changes.previousRunId ?? '',
    previousAt: changes.previousStartedAt ? vnDateTime(changes.previousStartedAt) : '',
    totals: [
      { label: 'Tổng số tiền (đồng)', before: formatMoney(t.amount.before), after: formatMoney(t.amount.after), difference: signedMoney(t.amount.difference), tone: tone(t.amount.difference) },
      { label: 'Lượt ủng hộ', before: formatMoney(t.donors.before), after: formatMoney(t.donors.after), difference: signedMoney(t.donors.difference), tone: tone(t.donors.difference) },
      { label: 'Đơn vị đã báo cáo', before: String(t.reported.before), after: String(t.reported.after), difference: signedMoney(t.reported.difference), tone: tone(t.reported.difference) },
    ],
    sources: changes.sources.map((s) => ({
      change: SOURCE_CHANGE[s.change] ?? s.change,
      tone: s.change === 'removed' ? 'bad' : s.change === 'added' ? 'ok' : 'info',
      unit: unitName(s.unitId),
      path: s.path,
      before: s.before ? { amount: formatMoney(s.before.amount), records: `${s.before.records} lượt` } : { amount: '—', records: '' },
      after: s.after ? { amount: formatMoney(s.after.amount), records: `${s.after.records} lượt${s.after.stale ? ' · số liệu cũ' : ''}` } : { amount: '—', records: '' },
    })),
    units: changes.units.map((u) => ({
      unitId: u.unitId,
      name: unitName(u.unitId),
      before: formatMoney(u.amount.before),
      after: formatMoney(u.amount.after),
      difference: signedMoney(u.amount.difference),
      differenceRaw: String(u.amount.difference),
      donors: signedMoney(u.donors.difference),
      tone: tone(u.amount.difference),
    })),
    statuses: changes.statuses.map((s) => ({
      name: s.name,
      from: statusWord(s.from),
      to: statusWord(s.to),
      tone: s.kind === 'now-reported' ? 'ok' : s.kind === 'changed' ? 'info' : 'bad',
    })),
    donors: donorsView(changes.donors ?? [], unitName),
    newIssues: changes.issues.new.map(issueView),
    resolvedIssues: changes.issues.resolved.map(issueView),
  };
}

/** Donors shown on the page at most; the rest are counted (all are in summary.json and `tonghop diff`). */
const DASHBOARD_DONOR_ROWS = 200;

function donorsView(donors: readonly DonorChange[], unitName: (id: string) => string) {
  const WORD = { added: { label: 'Mới', tone: 'ok' }, removed: { label: 'Không còn', tone: 'bad' }, changed: { label: 'Sửa', tone: 'info' } } as const;
  return {
    count: donors.length,
    more: Math.max(0, donors.length - DASHBOARD_DONOR_ROWS),
    rows: donors.slice(0, DASHBOARD_DONOR_ROWS).map((d) => ({
      change: WORD[d.change].label,
      tone: WORD[d.change].tone,
      unit: unitName(d.unitId),
      name: d.name,
      previousName: d.previousName ?? '',
      before: d.change === 'added' ? '—' : formatMoney(d.amount.before),
      after: d.change === 'removed' ? '—' : formatMoney(d.amount.after),
      difference: signedMoney(d.amount.difference),
      differenceRaw: String(d.amount.difference),
      differenceTone: tone(d.amount.difference),
      where: `${d.source} · ${d.sheet} · ${d.cell ?? `dòng ${d.row}`}`,
    })),
  };
}

function tone(n: number): string {
  return n > 0 ? 'up' : n < 0 ? 'down' : 'same';
}

/**
 * A run that failed after this page's run: shown as a banner on the page `latest` points to, which
 * stays on this (good) run.
 */
export type FailedRun = { runId: string; startedAt: string; failure: string };

function failureView(failed: FailedRun | undefined, summary: Summary) {
  if (!failed) return null;
  return {
    runId: failed.runId,
    at: vnDateTime(failed.startedAt),
    failure: failed.failure,
    lastGoodId: summary.run.id,
    lastGoodAt: vnDateTime(summary.run.startedAt),
  };
}

/** Everything the template shows, already formatted; raw numbers ride along for checking. */
function dashboardView(summary: Summary, files: RunFiles, failed?: FailedRun) {
  const units = new Map(summary.units.map((u) => [u.id, u]));
  const unitName = (id: string) => units.get(id)?.name ?? id;
  const t = summary.totals;
  const stats = summary.run.stats;
  const submissions = new Map((summary.completeness?.units ?? []).map((u) => [u.unitId, u]));
  const submitted = (id: string) => {
    const s = submissions.get(id);
    if (!s?.submittedAt) return { date: '', late: '', onTime: false };
    return { date: vnDate(s.submittedAt), late: s.status === 'late' ? `chậm ${s.daysLate ?? ''} ngày`.replace('  ', ' ') : '', onTime: s.status === 'on-time' };
  };
  const unitRows = (ids: string[]) =>
    ids
      .map((id) => units.get(id))
      .filter((u): u is Summary['units'][number] => u !== undefined)
      .map((u, index) => {
        const status = u.stale ? { label: 'Đã báo cáo · số liệu cũ', tone: 'warn' } : (UNIT_STATUS[u.status] ?? { label: u.status, tone: 'info' });
        return {
          n: index + 1,
          id: u.id,
          name: u.name,
          status: status.label,
          statusTone: status.tone,
          statusRaw: u.status,
          amount: formatMoney(u.amount),
          amountRaw: String(u.amount),
          donors: formatMoney(u.donors),
          donorsRaw: String(u.donors),
          target: u.target === undefined ? '' : formatMoney(u.target),
          ratio: ratio(u.targetRatio),
          errors: u.errors,
          warnings: u.warnings,
          submitted: submitted(u.id),
          feedback: fileLinks(files.feedback.get(u.id)),
        };
      });
  const grouped = new Set(summary.groups.flatMap((g) => g.unitIds));
  const groups = summary.groups.map((g) => ({
    label: g.label,
    amount: formatMoney(g.amount),
    donors: formatMoney(g.donors),
    units: unitRows(g.unitIds),
  }));
  const ungrouped = summary.units.filter((u) => !grouped.has(u.id)).map((u) => u.id);
  if (ungrouped.length) groups.push({ label: 'Khác', amount: '', donors: '', units: unitRows(ungrouped) });

  const bySource = new Map<string, Summary['issues']>(summary.sources.map((s) => [s.path, []]));
  const general: Summary['issues'] = [];
  for (const issue of summary.issues) {
    const list = issue.source ? bySource.get(issue.source) : undefined;
    if (list) list.push(issue);
    else general.push(issue);
  }
  const sources = summary.sources.map((s) => {
    const issues = bySource.get(s.path) ?? [];
    const status = s.stale
      ? { label: 'Dùng số liệu cũ', tone: 'warn' }
      : s.status === 'ok'
        ? { label: 'Đọc được', tone: 'ok' }
        : { label: 'Không đọc được', tone: 'bad' };
    return {
      path: s.path,
      unit: unitName(s.unitId),
      unitId: s.unitId,
      status: status.label,
      statusTone: status.tone,
      records: formatMoney(s.records),
      amount: formatMoney(s.amount),
      amountRaw: String(s.amount),
      modified: s.modifiedAt ? vnDateTime(s.modifiedAt) : '',
      staleFrom: s.staleFrom ?? '',
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      // The page stays light with 10,000 problems: the first few per file; all are in issues.csv.
      issues: issues.slice(0, DASHBOARD_ISSUES_PER_SOURCE).map(issueView),
      moreIssues: Math.max(0, issues.length - DASHBOARD_ISSUES_PER_SOURCE),
      hasIssues: issues.some((i) => i.severity !== 'info'),
      feedback: fileLinks(files.feedback.get(s.unitId)),
    };
  });

  const cards = [
    { key: 'totals.amount', label: 'Tổng số tiền (đồng)', value: formatMoney(t.amount), raw: String(t.amount), note: t.target !== undefined ? `chỉ tiêu ${formatMoney(t.target)}` : '', tone: 'main' },
    { key: 'totals.donors', label: 'Lượt ủng hộ', value: formatMoney(t.donors), raw: String(t.donors), note: '', tone: '' },
    { key: 'totals.units.reported', label: 'Đơn vị đã báo cáo', value: `${t.units.reported}/${t.units.expected}`, raw: String(t.units.reported), note: `${t.units.missing} chưa báo cáo, ${t.units.failed} tệp lỗi`, tone: t.units.reported < t.units.expected ? 'warn' : 'ok' },
    { key: 'totals.targetRatio', label: 'Đạt chỉ tiêu', value: t.targetRatio === undefined ? '—' : formatPercent(t.targetRatio), raw: t.targetRatio === undefined ? '' : String(t.targetRatio), note: '', tone: '' },
    { key: 'issueCounts.error', label: 'Lỗi', value: String(summary.issueCounts.error), raw: String(summary.issueCounts.error), note: 'cần đơn vị sửa', tone: summary.issueCounts.error ? 'bad' : 'ok' },
    { key: 'issueCounts.warning', label: 'Cảnh báo', value: String(summary.issueCounts.warning), raw: String(summary.issueCounts.warning), note: 'nên kiểm tra', tone: summary.issueCounts.warning ? 'warn' : 'ok' },
  ];

  return {
    failed: failureView(failed, summary),
    title: summary.campaign.title,
    reportNumber: summary.campaign.reportNumber,
    reportDate: summary.campaign.reportDate,
    deadline: vnDate(summary.campaign.deadline),
    runId: summary.run.id,
    runAt: vnDateTime(summary.run.startedAt),
    tool: summary.run.tool,
    stats: stats
      ? {
          text:
            `${stats.sources} tệp: đọc ${stats.parsed}, dùng lại ${stats.reused} tệp không đổi` +
            (stats.stale ? `, ${stats.stale} tệp dùng số liệu cũ` : '') +
            (stats.failed ? `, ${stats.failed} tệp lỗi` : '') +
            (stats.outputsReusedFrom ? `; không in lại (giống lần chạy ${stats.outputsReusedFrom})` : `; in ${stats.rendered} tệp PDF`),
        }
      : null,
    files: topLinks(files.top),
    cards,
    changes: changesView(summary.changes, unitName),
    groups,
    sources,
    sourcesWithIssues: sources.filter((s) => s.issues.length > 0),
    general: general.map((i) => ({ ...issueView(i), unit: i.unitId ? unitName(i.unitId) : '' })),
    reconciliation: reconciliationPanel(summary),
  };
}

/** Renders the page from the bundled template (not a campaign's own templates: it is not a document). */
export function renderDashboard(summary: Summary, files: RunFiles, failed?: FailedRun): string {
  return loadTemplates(defaultTemplatesDir()).render('dashboard', dashboardView(summary, files, failed));
}

/** Writes index.html into a run folder, linking the files already there. */
export async function writeDashboard(summary: Summary, runDir: string, failed?: FailedRun): Promise<void> {
  const file = path.join(runDir, DASHBOARD_FILE);
  const html = renderDashboard(summary, await runFiles(runDir), failed);
  // Beside, then renamed over: a full disk while marking a failed night leaves the good page whole.
  const partial = `${file}.${process.pid}.part`;
  try {
    await writeFile(partial, html, 'utf8');
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => {});
    throw error;
  }
}
