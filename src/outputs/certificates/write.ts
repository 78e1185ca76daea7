/**
 * The certificates step of a run: select donors, number them in the store, print what is new or
 * changed (print pack + one file each), and list every certificate of the campaign in a CSV.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { CertificateSummary } from '../../model/certificate.js';
import { issueNumbers, type DroppedCertificate, type IssuedCertificate } from '../../store/certificates.js';
import { selectCandidates } from './select.js';
import { buildCertificateView, certificateFileName, CERTIFICATE_TITLES, formatCertificateNumber } from './view.js';
import type { LoadedConfig } from '../../config/load.js';
import type { CertificatesConfig } from '../../model/config.js';
import { ConfigError, RenderError } from '../../errors/errors.js';
import type { Analysis } from '../../analyse/analyse.js';
import { printCertificates, QPDF_HINT, type CertificatePrintOptions } from './print.js';
import { openStore, STORE_FILE, type Store } from '../../store/db.js';

export const CERTIFICATE_FILES = { pack: 'in-tat-ca.pdf', list: 'danh-sach.csv' } as const;

export type CertificateStepInput = {
  loaded: LoadedConfig;
  analysis: Analysis;
  /** The run's (temporary) folder. */
  dir: string;
  /** Parent of the run folders; holds the store and earlier runs. */
  outputRoot: string;
  /** ISO date printed when certificates.date is not set. */
  reportDate: string;
  /** Needed only when something is to be printed (a run whose inputs did not change prints nothing). */
  browser?: Browser;
  /** Templates folder (the campaign's own, or the bundled one). */
  templatesDir?: string;
  log: (line: string) => void;
  /** The run's open store; opened (and closed) here when absent. */
  store?: Store;
  /** Tests and the bench: qpdf path or false. */
  print?: Pick<CertificatePrintOptions, 'qpdf' | 'documents' | 'concurrency'>;
};

const STATUS_LABELS: Record<IssuedCertificate['status'] | 'dropped', string> = {
  new: 'Cấp mới',
  replacement: 'Cấp thay thế',
  unchanged: 'Đã cấp, không đổi',
  dropped: 'Đã cấp, không còn trong danh sách',
};

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  // Cells starting with = + - @ would run as formulas in Excel.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** danh-sach.csv: every certificate of the campaign as it stands after this run (UTF-8 BOM for Excel). */
export function certificateListCsv(
  settings: CertificatesConfig,
  issued: readonly IssuedCertificate[],
  dropped: readonly DroppedCertificate[],
  unitNames: ReadonlyMap<string, string>,
  fileOf: (c: IssuedCertificate) => string | undefined,
): string {
  const header = ['Số', 'Người nhận', 'Đơn vị', 'Số tiền (đồng)', 'Tình trạng', 'Thay thế số', 'Tệp', 'Nguồn'];
  const lines = [header.map(csvField).join(',')];
  for (const c of issued) {
    lines.push(
      [
        formatCertificateNumber(settings, c.number),
        c.recipient,
        c.unitName,
        c.amount,
        c.print && c.status === 'unchanged' ? 'In lại' : STATUS_LABELS[c.status],
        c.replaces !== undefined ? formatCertificateNumber(settings, c.replaces) : '',
        fileOf(c),
        c.source ? `${c.source.path} / ${c.source.sheet} / dòng ${c.source.row}` : 'Tổng số vận động của đơn vị',
      ]
        .map(csvField)
        .join(','),
    );
  }
  for (const d of dropped) {
    lines.push(
      [formatCertificateNumber(settings, d.number), d.recipient, unitNames.get(d.unitId) ?? d.unitId, d.amount, STATUS_LABELS.dropped, '', '', '']
        .map(csvField)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * Whether an earlier run's outputs reached people: its run history says it finished, or (no history
 * row) its folder exists. A run that numbered certificates and then failed delivered nothing.
 */
function runDelivered(store: Store, outputRoot: string, runId: string): boolean {
  const row = store.prepare<[string], { status: string }>('SELECT status FROM runs WHERE id = ?').get(runId);
  if (row) return row.status === 'ok';
  try {
    return statSync(path.join(outputRoot, runId)).isDirectory();
  } catch {
    return false;
  }
}

/** Writes the certificates of a run; returns what summary.json records (undefined when not configured). */
export async function writeCertificatesStep(input: CertificateStepInput): Promise<CertificateSummary | undefined> {
  const { config } = input.loaded;
  const settings = config.certificates;
  if (!settings) return undefined;
  const folder = settings.kind;
  const outDir = path.join(input.dir, folder);
  await mkdir(outDir, { recursive: true });
  // The run folder is renamed from ".tmp-tonghop-<id>" to "<id>" once every output is written.
  const runId = path.basename(input.dir).replace(/^\.tmp-(tonghop-)?/, '');
  const campaignId = settings.campaignId ?? config.campaign.plan.number;

  const candidates = selectCandidates(config, settings, input.analysis.consolidation, input.analysis.outcomes);
  const store = input.store ?? openStore(path.join(input.outputRoot, STORE_FILE));
  let registry;
  try {
    registry = issueNumbers(store, candidates, { campaign: campaignId, runId, delivered: (id) => runDelivered(store, input.outputRoot, id) });
  } finally {
    if (!input.store) store.close();
  }
  const toPrint = registry.certificates.filter((c) => c.print);
  const date = settings.date ?? input.reportDate;
  const views = toPrint.map((c) => buildCertificateView(c, { config, settings, date }));
  const names = toPrint.map((c) => certificateFileName(settings, c));
  const fileOf = new Map(toPrint.map((c, i) => [c.number, names[i]!]));

  let split: CertificateSummary['split'] = 'none';
  if (views.length > 0) {
    if (!input.browser) throw new RenderError(`Cần trình duyệt để in ${views.length} giấy chứng nhận. / A browser is needed to print certificates.`);
    const printOptions: CertificatePrintOptions = { ...(input.templatesDir ? { templatesDir: input.templatesDir } : {}), ...input.print };
    const result = await printCertificates(
      input.browser,
      views,
      path.join(outDir, CERTIFICATE_FILES.pack),
      names.map((n) => path.join(outDir, n)),
      printOptions,
    );
    split = result.split;
    if (split === 'separate') input.log(`Không có qpdf: đã in từng giấy một (chậm). ${QPDF_HINT}`);
  }
  const unitNames = new Map(config.units.map((u) => [u.id, u.name]));
  await writeFile(
    path.join(outDir, CERTIFICATE_FILES.list),
    certificateListCsv(settings, registry.certificates, registry.dropped, unitNames, (c) => fileOf.get(c.number)),
    'utf8',
  );

  const count = (status: IssuedCertificate['status']): number => registry.certificates.filter((c) => c.status === status).length;
  const summary: CertificateSummary = {
    kind: settings.kind,
    campaignId,
    threshold: settings.threshold,
    total: registry.certificates.length,
    new: count('new'),
    replacement: count('replacement'),
    unchanged: count('unchanged'),
    dropped: registry.dropped.length,
    printed: toPrint.length,
    list: `${folder}/${CERTIFICATE_FILES.list}`,
    split,
  };
  if (toPrint.length > 0) summary.pack = `${folder}/${CERTIFICATE_FILES.pack}`;
  const what = CERTIFICATE_TITLES[settings.kind].name;
  input.log(
    `${what}: ${summary.new} cấp mới, ${summary.replacement} cấp thay thế, ${summary.unchanged} không đổi` +
      (summary.dropped ? `, ${summary.dropped} không còn trong danh sách` : '') +
      (toPrint.length ? `; in ${toPrint.length} giấy vào ${summary.pack}.` : '; không có giấy mới để in.'),
  );
  return summary;
}

/** The campaign's own templates folder, when it sets one (checked to exist). */
export function campaignTemplatesDir(loaded: LoadedConfig): string | undefined {
  const dir = loaded.config.templates;
  if (!dir) return undefined;
  const full = path.resolve(loaded.baseDir, dir);
  if (!existsSync(path.join(full, 'blank.html'))) {
    throw new ConfigError(
      `Thư mục mẫu "${dir}" (templates) không có hoặc thiếu blank.html; hãy chép thư mục templates/ của tonghop rồi sửa. / ` +
        `The templates folder "${dir}" is missing or lacks blank.html; start from a copy of tonghop's templates/.`,
    );
  }
  return full;
}
