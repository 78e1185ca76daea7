/**
 * The public outputs (only with `public:` in the campaign): A4 lists for posting, one PDF per unit
 * and one with a page per hamlet (cong-khai/danh-sach/), and a static page searchable by name that
 * reads well on a phone (cong-khai/trang-web/index.html, no server, works offline). A campaign's
 * own templates folder (`templates:`) may change public-list.hbs and public-page.hbs as the others.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Printer } from '../pdf/pdf.js';
import type { CampaignConfig } from '../../model/config.js';
import type { SourceOutcome } from '../../model/source.js';
import { amountInWords } from '../../format/words.js';
import { formatDateLong, formatDateShort } from '../../format/date.js';
import { formatMoney } from '../../format/number.js';
import { clipText, foldForMatch } from '../../format/text.js';
import { safeFileUrl, tinosFontFaces } from '../pdf/fonts.js';
import { printPdf } from '../pdf/pdf.js';
import { defaultTemplatesDir, loadTemplates, type TemplateSet } from '../pdf/templates.js';
import { publicUnits, type PublicDonor, type PublicUnit } from './public-lists.js';

const PUBLIC_DIR = 'cong-khai';
export const PUBLIC_LISTS_DIR = `${PUBLIC_DIR}/danh-sach`;
export const PUBLIC_PAGE_DIR = `${PUBLIC_DIR}/trang-web`;

/** Printed rows: names and hamlets cut with "…" past the printed limit, so one cell cannot fill pages. */
const rows = (donors: PublicDonor[]) => donors.map((d, i) => ({ stt: i + 1, name: clipText(d.name), hamlet: clipText(d.hamlet), amount: formatMoney(d.amount) }));

/** One list page: title, unit, period, table, total in figures and words, place-date, signature. */
function listPage(config: CampaignConfig, unit: PublicUnit, donors: PublicDonor[], total: number, reportDate: string, hamlet?: string) {
  return {
    title: config.public!.title,
    purpose: config.campaign.purpose,
    unit: unit.name,
    hamlet: hamlet ?? '',
    period: `Từ ngày ${formatDateShort(config.campaign.period.from)} đến ngày ${formatDateShort(config.campaign.period.to)}`,
    rows: rows(donors),
    total: formatMoney(total),
    totalInWords: amountInWords(total),
    placeDate: `${config.issuer.place}, ${formatDateLong(reportDate)}`,
    signerOnBehalf: config.issuer.signer.onBehalf ?? '',
    signerTitle: config.issuer.signer.title,
    signerName: config.issuer.signer.name,
  };
}

/** The campaign's templates when they have `name`, else the bundled ones (a folder copied before public lists existed). */
function templatesWith(name: string, dir: string | undefined): TemplateSet {
  const own = loadTemplates(dir ?? defaultTemplatesDir());
  return own.names.includes(name) ? own : loadTemplates(defaultTemplatesDir());
}

function publicPageHtml(config: CampaignConfig, units: PublicUnit[], reportDate: string, templatesDir: string | undefined): string {
  const view = {
    title: config.public!.title,
    subject: config.campaign.title,
    period: `Từ ngày ${formatDateShort(config.campaign.period.from)} đến ngày ${formatDateShort(config.campaign.period.to)}`,
    updated: formatDateShort(reportDate),
    issuer: [...config.issuer.parents, config.issuer.body].join(' '),
    total: formatMoney(units.reduce((s, u) => s + u.total, 0)),
    donors: formatMoney(units.reduce((s, u) => s + u.donors.length, 0)),
    units: units.map((u) => ({
      id: u.id,
      name: u.name,
      total: formatMoney(u.total),
      count: u.donors.length,
      rows: u.donors.map((d, i) => ({ stt: i + 1, name: d.name, hamlet: d.hamlet, amount: formatMoney(d.amount), key: foldForMatch(d.name) })),
    })),
  };
  return templatesWith('public-page', templatesDir).render('public-page', view);
}

export async function writePublicOutputs(args: { config: CampaignConfig; outcomes: readonly SourceOutcome[]; reportDate: string; dir: string; browser: Printer; templatesDir?: string }): Promise<{ lists: number; page: boolean }> {
  const { config, dir, reportDate } = args;
  if (!config.public) return { lists: 0, page: false };
  const units = publicUnits(config, args.outcomes);
  let lists = 0;
  if (config.public.lists) {
    const templates = templatesWith('public-list', args.templatesDir);
    const templatesDir = templates.dir;
    const common = { fonts: tinosFontFaces(), stylesheet: safeFileUrl(path.join(templatesDir, 'styles', 'public-list.css')) };
    await mkdir(path.join(dir, PUBLIC_LISTS_DIR), { recursive: true });
    for (const unit of units) {
      const whole = [listPage(config, unit, unit.donors, unit.total, reportDate)];
      await printPdf(args.browser, templates.render('public-list', { ...common, pages: whole }), path.join(dir, PUBLIC_LISTS_DIR, `${unit.id}.pdf`), { baseDir: templatesDir });
      const byHamlet = unit.hamlets.map((h) => listPage(config, unit, h.donors, h.total, reportDate, h.hamlet));
      await printPdf(args.browser, templates.render('public-list', { ...common, pages: byHamlet }), path.join(dir, PUBLIC_LISTS_DIR, `${unit.id}-theo-thon.pdf`), { baseDir: templatesDir });
      lists += 1 + byHamlet.length;
    }
  }
  if (config.public.page) {
    await mkdir(path.join(dir, PUBLIC_PAGE_DIR), { recursive: true });
    await writeFile(path.join(dir, PUBLIC_PAGE_DIR, 'index.html'), publicPageHtml(config, units, reportDate, args.templatesDir), 'utf8');
  }
  return { lists, page: config.public.page };
}
