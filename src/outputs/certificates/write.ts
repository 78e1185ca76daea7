/**
 * The certificates step of a run: select donors (holding those in undecided suspected pairs),
 * number them in the store, print what is new or changed (in-moi.pdf + one file each), link every
 * earlier certificate into this run's folder, join them all into in-tat-ca.pdf, and list the whole
 * campaign in danh-sach.csv/.xlsx.
 */
import { csvDocument, type CsvValue } from '../../format/csv.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Printer } from '../pdf/pdf.js';
import type { CertificateSummary } from '../../model/certificate.js';
import { issueNumbers, type IssuedCertificate } from '../../store/certificates.js';
import { selectCandidates } from './select.js';
import { buildCertificateView, certificateFileName, CERTIFICATE_TITLES, formatCertificateNumber } from './view.js';
import type { LoadedConfig } from '../../config/load.js';
import { ConfigError, RenderError } from '../../errors/errors.js';
import type { Analysis } from '../../analyse/analyse.js';
import { findQpdf, printCertificates, QPDF_HINT, type CertificatePrintOptions } from './print.js';
import { pageCount } from '../pdf/qpdf.js';
import { holdUndecided } from './hold.js';
import { certificateListCsv, certificateListRows, certificateListXlsx } from './list.js';
import { firstExisting, joinPages, joinPdfs, linkOrCopy, sameCertificateSet } from './files.js';
import { openStore, STORE_FILE, type Store } from '../../store/db.js';

const CERTIFICATE_FILES = { pack: 'in-moi.pdf', all: 'in-tat-ca.pdf', list: 'danh-sach.csv', table: 'danh-sach.xlsx' } as const;

/** A certificate's own file: "0007-nguyen-van-an.pdf" (any digits). */
const NUMBERED = /^\d+(-[a-z0-9-]+)?\.pdf$/;

type CertificateStepInput = {
  loaded: LoadedConfig;
  analysis: Analysis;
  /** The run's (temporary) folder. */
  dir: string;
  /** Parent of the run folders; holds the store and earlier runs. */
  outputRoot: string;
  /** ISO date printed when certificates.date is not set. */
  reportDate: string;
  /** Needed only when something is to be printed (a run whose inputs did not change prints nothing). */
  browser?: Printer;
  /** Templates folder (the campaign's own, or the bundled one). */
  templatesDir?: string;
  log: (line: string) => void;
  /** The run's open store; opened (and closed) here when absent. */
  store?: Store;
  /** Tests and the bench: qpdf path or false. */
  print?: Pick<CertificatePrintOptions, 'qpdf' | 'documents' | 'concurrency'>;
  /**
   * Print every current certificate again under its registered number (run --full).
   * @default false
   */
  reprint?: boolean;
};

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

  const selected = selectCandidates(config, settings, input.analysis.consolidation, input.analysis.outcomes);
  const { issue: candidates, held } = holdUndecided(selected, input.analysis.consolidation);
  const store = input.store ?? openStore(path.join(input.outputRoot, STORE_FILE));
  let registry;
  try {
    registry = issueNumbers(store, candidates, { campaign: campaignId, runId, delivered: (id) => runDelivered(store, input.outputRoot, id) });
  } finally {
    if (!input.store) store.close();
  }
  const nameOf = new Map(registry.certificates.map((c) => [c.number, certificateFileName(settings, c)]));

  // Certificates printed on earlier nights are linked in; one whose file is gone is printed again.
  const toPrint: IssuedCertificate[] = [];
  for (const c of registry.certificates) {
    const name = nameOf.get(c.number)!;
    const earlier = c.print || input.reprint ? undefined : firstExisting([...(c.issuedRun ? [path.join(input.outputRoot, c.issuedRun, folder, name)] : []), path.join(input.outputRoot, 'latest', folder, name)]);
    if (earlier) await linkOrCopy(earlier, path.join(outDir, name));
    else toPrint.push(c);
  }
  const date = settings.date ?? input.reportDate;
  const viewOf = (c: IssuedCertificate) => buildCertificateView(c, { config, settings, date });
  const printOptions: CertificatePrintOptions = { ...(input.templatesDir ? { templatesDir: input.templatesDir } : {}), ...input.print };
  const needBrowser = (count: number): Printer => {
    if (!input.browser) throw new RenderError('CERTIFICATES_NEED_BROWSER', { count });
    return input.browser;
  };

  // Printed in number order, so the pack reads like the register.
  toPrint.sort((a, b) => a.number - b.number);
  let split: CertificateSummary['split'] = 'none';
  if (toPrint.length > 0) {
    const result = await printCertificates(
      needBrowser(toPrint.length),
      toPrint.map(viewOf),
      path.join(outDir, CERTIFICATE_FILES.pack),
      toPrint.map((c) => path.join(outDir, nameOf.get(c.number)!)),
      printOptions,
    );
    split = result.split;
    if (split === 'separate') input.log(`Không có qpdf: đã in từng giấy một (chậm). ${QPDF_HINT}`);
  }
  const all = await writeAllPack(input, outDir, folder, registry.certificates, nameOf, toPrint, () =>
    printCertificates(needBrowser(registry.certificates.length), byNumber(registry.certificates).map(viewOf), path.join(outDir, CERTIFICATE_FILES.all), undefined, printOptions),
  );

  const printed = new Set(toPrint.map((c) => c.number));
  const rows = certificateListRows({
    settings,
    issued: registry.certificates,
    dropped: registry.dropped,
    held,
    unitNames: new Map(config.units.map((u) => [u.id, u.name])),
    fileOf: (c) => nameOf.get(c.number),
    printed,
  });
  await writeFile(path.join(outDir, CERTIFICATE_FILES.list), certificateListCsv(rows), 'utf8');
  await writeFile(path.join(outDir, CERTIFICATE_FILES.table), await certificateListXlsx(rows));

  const count = (status: IssuedCertificate['status']): number => registry.certificates.filter((c) => c.status === status).length;
  const summary: CertificateSummary = {
    kind: settings.kind,
    campaignId,
    threshold: settings.threshold,
    total: registry.certificates.length,
    new: count('new'),
    replacement: count('replacement'),
    unchanged: count('unchanged'),
    dropped: registry.dropped.filter((d) => !held.some((h) => h.donorKey === d.donorKey)).length,
    printed: toPrint.length,
    list: `${folder}/${CERTIFICATE_FILES.list}`,
    split,
    held: held.length,
    table: `${folder}/${CERTIFICATE_FILES.table}`,
  };
  if (toPrint.length > 0) summary.pack = `${folder}/${CERTIFICATE_FILES.pack}`;
  if (all) summary.all = `${folder}/${CERTIFICATE_FILES.all}`;
  const what = CERTIFICATE_TITLES[settings.kind].name;
  input.log(
    `${what}: ${summary.new} cấp mới, ${summary.replacement} cấp thay thế, ${summary.unchanged} không đổi` +
      (summary.dropped ? `, ${summary.dropped} không còn trong danh sách` : '') +
      (held.length ? `, ${held.length} chờ xác nhận (nghi trùng chưa quyết định)` : '') +
      (toPrint.length ? `; in ${toPrint.length} giấy vào ${summary.pack}.` : '; không có giấy mới để in.'),
  );
  return summary;
}

const byNumber = (list: readonly IssuedCertificate[]): IssuedCertificate[] => [...list].sort((a, b) => a.number - b.number);

/**
 * in-tat-ca.pdf: every current certificate in number order. Tonight's pack when every certificate
 * was printed tonight (a first run, run --full: both packs hold the same pages in the same order);
 * linked from the last run when it held the same files; else joined with qpdf from the one-page
 * files, else printed (no qpdf). False when there is nothing to put in it, or no way to make it.
 */
async function writeAllPack(
  input: CertificateStepInput,
  outDir: string,
  folder: string,
  certificates: readonly IssuedCertificate[],
  nameOf: ReadonlyMap<number, string>,
  printed: readonly IssuedCertificate[],
  printAll: () => Promise<unknown>,
): Promise<boolean> {
  if (certificates.length === 0) return false;
  const names = byNumber(certificates).map((c) => nameOf.get(c.number)!);
  const target = path.join(outDir, CERTIFICATE_FILES.all);
  if (printed.length === certificates.length) {
    await linkOrCopy(path.join(outDir, CERTIFICATE_FILES.pack), target);
    return true;
  }
  const last = path.join(input.outputRoot, 'latest', folder);
  if (printed.length === 0 && sameCertificateSet(last, names, CERTIFICATE_FILES.all, NUMBERED)) {
    await linkOrCopy(path.join(last, CERTIFICATE_FILES.all), target);
    return true;
  }
  const qpdf = input.print?.qpdf === false ? undefined : await findQpdf(input.print?.qpdf ?? 'qpdf');
  if (qpdf) {
    const pack = path.join(outDir, CERTIFICATE_FILES.pack);
    const fromPacks = await pagesFromPacks(qpdf, last, names, printed.map((c) => nameOf.get(c.number)!), pack);
    if (fromPacks) await joinPages(qpdf, fromPacks, target);
    else await joinPdfs(qpdf, names.map((n) => path.join(outDir, n)), target);
    return true;
  }
  if (input.browser) {
    await printAll();
    return true;
  }
  input.log(`Không có qpdf: chưa ghép được ${CERTIFICATE_FILES.all}; từng giấy vẫn có trong thư mục ${folder}/. ${QPDF_HINT}`);
  return false;
}

/**
 * Where each current certificate's page is, when every one of them is either in tonight's pack or in
 * the last run's whole pack: then in-tat-ca.pdf is made of pages of those two files, each bringing
 * its fonts once, where a join of 10,000 one-page files carries 10,000 copies of the fonts (a
 * 437 MB file) and takes a minute. The last pack's page order is its folder's numbered files in
 * number order (it was made so), checked against its page count; undefined when anything is off,
 * and the one-page files are joined instead.
 */
async function pagesFromPacks(
  qpdfCommand: string,
  lastDir: string,
  names: readonly string[],
  printedNames: readonly string[],
  pack: string,
): Promise<{ file: string; page: number }[] | undefined> {
  const lastPack = path.join(lastDir, CERTIFICATE_FILES.all);
  if (printedNames.length === 0 || !existsSync(lastPack) || !existsSync(pack)) return undefined;
  let lastNames: string[];
  try {
    lastNames = readdirSync(lastDir)
      .filter((name) => NUMBERED.test(name))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  } catch {
    return undefined;
  }
  const inLast = new Map(lastNames.map((name, i) => [name, i + 1]));
  const inPack = new Map(printedNames.map((name, i) => [name, i + 1]));
  const pages: { file: string; page: number }[] = [];
  for (const name of names) {
    const printedPage = inPack.get(name);
    const lastPage = inLast.get(name);
    if (printedPage !== undefined) pages.push({ file: pack, page: printedPage });
    else if (lastPage !== undefined) pages.push({ file: lastPack, page: lastPage });
    else return undefined;
  }
  try {
    if ((await pageCount(qpdfCommand, lastPack)) !== lastNames.length) return undefined;
  } catch {
    return undefined;
  }
  return pages;
}

/** The campaign's own templates folder, when it sets one (checked to exist). */
export function campaignTemplatesDir(loaded: LoadedConfig): string | undefined {
  const dir = loaded.config.templates;
  if (!dir) return undefined;
  const full = path.resolve(loaded.baseDir, dir);
  if (!existsSync(path.join(full, 'blank.html'))) {
    throw new ConfigError('TEMPLATES_FOLDER_INVALID', { dir });
  }
  return full;
}
