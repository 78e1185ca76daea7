/**
 * `tonghop giay-chung-nhan in`: a print pack of certificates already issued, chosen by number, by
 * unit or all, made from the PDFs the runs wrote (so each keeps its registered number; nothing is
 * numbered or printed anew). The pack goes to `<output>/in-lai/`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, outputRootOf } from '../config/load.js';
import { RenderError, UsageError } from '../errors/errors.js';
import { firstExisting, joinPdfs, linkOrCopy } from '../outputs/certificates/files.js';
import { findQpdf } from '../outputs/certificates/print.js';
import { CERTIFICATE_TITLES, formatCertificateNumber } from '../outputs/certificates/view.js';
import { listRegisteredCertificates, type RegisteredCertificate } from '../store/certificates.js';
import { openStore, STORE_FILE } from '../store/db.js';
import { runIdFor } from './run-folder.js';

const REPRINT_DIR = 'in-lai';

type ReprintOptions = {
  configPath: string;
  /** Output folder instead of the config's `output`. */
  outputDir?: string;
  /** Numbers as staff write them: "7", "0007", "0007/GCN". */
  numbers?: readonly string[];
  /** Every current certificate of this unit id. */
  unit?: string;
  /** Every current certificate of the campaign. */
  all?: boolean;
  /** Where to write the pack; default `<output>/in-lai/in-lai-<time>.pdf`. */
  file?: string;
  /** Clock for the default file name (tests pin it). */
  now?: Date;
  /** qpdf executable, or false (tests). */
  qpdf?: string | false;
};

type ReprintResult = { pack: string; numbers: string[] };

/** "0007/GCN", "GCN-007", "7" → 7, using the campaign's prefix and suffix. */
function parseNumber(text: string, prefix: string, suffix: string): number | undefined {
  let t = text.trim();
  if (prefix && t.startsWith(prefix)) t = t.slice(prefix.length);
  if (suffix && t.endsWith(suffix)) t = t.slice(0, -suffix.length);
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** The certificates asked for, each one current (a replaced number names its replacement). */
function choose(options: ReprintOptions, rows: readonly RegisteredCertificate[], format: (n: number) => string, prefix: string, suffix: string, unitIds: ReadonlySet<string>): RegisteredCertificate[] {
  const ways = [options.numbers?.length ? 1 : 0, options.unit ? 1 : 0, options.all ? 1 : 0].reduce((a, b) => a + b, 0);
  if (ways !== 1) throw new UsageError('REPRINT_CHOICE');
  const current = rows.filter((r) => r.status === 'issued');
  if (options.all) return current;
  if (options.unit) {
    if (!unitIds.has(options.unit)) throw new UsageError('UNIT_UNKNOWN', { unit: options.unit });
    return current.filter((r) => r.unitId === options.unit);
  }
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  return (options.numbers ?? []).map((text) => {
    const n = parseNumber(text, prefix, suffix);
    const row = n === undefined ? undefined : byNumber.get(n);
    if (n === undefined || !row) throw new UsageError('CERTIFICATE_UNKNOWN', { number: text });
    if (row.status === 'replaced') {
      const by = row.replacedBy !== undefined ? `; giấy đang dùng là số ${format(row.replacedBy)}` : '';
      throw new UsageError('CERTIFICATE_REPLACED', { number: format(n), by });
    }
    return row;
  });
}

/** The PDF of a certificate: in `latest` (which holds them all), else in the run that printed it. */
function fileOf(outputRoot: string, folder: string, row: RegisteredCertificate, digits: number): string | undefined {
  const padded = String(row.number).padStart(digits, '0');
  const match = (dir: string): string | undefined => {
    try {
      const name = readdirSync(dir).find((f) => f === `${padded}.pdf` || (f.startsWith(`${padded}-`) && f.endsWith('.pdf')));
      return name ? path.join(dir, name) : undefined;
    } catch {
      return undefined;
    }
  };
  const found = [match(path.join(outputRoot, 'latest', folder)), match(path.join(outputRoot, row.issuedRun, folder))];
  return firstExisting(found.filter((f): f is string => f !== undefined));
}

/** Writes the print pack and returns where, with the numbers in it. */
/** `<stem>.pdf`, or `<stem>-2.pdf` … when two reprints fall in the same second: an earlier pack is never replaced. */
function freeName(dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? `${stem}.pdf` : `${stem}-${n}.pdf`);
    if (!existsSync(file)) return file;
  }
}

export async function reprintCertificates(options: ReprintOptions): Promise<ReprintResult> {
  const loaded = await loadConfig(options.configPath);
  const { config } = loaded;
  const settings = config.certificates;
  if (!settings) throw new UsageError('CERTIFICATES_NOT_CONFIGURED');
  const outputRoot = outputRootOf(loaded, options.outputDir);
  const campaign = settings.campaignId ?? config.campaign.plan.number;
  const db = openStore(path.join(outputRoot, STORE_FILE));
  let rows: RegisteredCertificate[];
  try {
    rows = listRegisteredCertificates(db, campaign);
  } finally {
    db.close();
  }
  const format = (n: number): string => formatCertificateNumber(settings, n);
  const suffix = settings.number.suffix ?? CERTIFICATE_TITLES[settings.kind].suffix;
  const chosen = choose(options, rows, format, settings.number.prefix, suffix, new Set(config.units.map((u) => u.id)));
  if (chosen.length === 0) throw new UsageError('CERTIFICATES_NONE_CHOSEN');

  const files = chosen.map((row) => {
    const file = fileOf(outputRoot, settings.kind, row, settings.number.digits);
    if (!file) throw new UsageError('CERTIFICATE_FILE_MISSING', { number: format(row.number) });
    return file;
  });
  const pack = path.resolve(options.file ?? freeName(path.join(outputRoot, REPRINT_DIR), `in-lai-${runIdFor(options.now ?? new Date())}`));
  await mkdir(path.dirname(pack), { recursive: true });
  if (files.length === 1) await linkOrCopy(files[0]!, pack);
  else {
    const qpdf = options.qpdf === false ? undefined : await findQpdf(options.qpdf ?? 'qpdf');
    if (!qpdf) throw new RenderError('QPDF_MISSING', { count: files.length });
    await joinPdfs(qpdf, files, pack);
  }
  return { pack, numbers: chosen.map((r) => format(r.number)) };
}
