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
import { eachLimited } from '../../intake/each-limited.js';
import { defaultTemplatesDir, loadTemplates, type TemplateSet } from '../pdf/templates.js';
import { publicUnits, type PublicDonor, type PublicUnit } from './public-lists.js';

const PUBLIC_DIR = 'cong-khai';
/** Lists printed at once (browser tabs). */
const LIST_TABS = 2;

/** Pages a list of `donors` rows in `groups` groups (unit or hamlets) will take, for the print's time allowance (~20 rows a page). */
const estimatedPages = (donors: number, groups: number): number => Math.ceil(donors / 20) + groups;
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
    // Each unit's two lists; a province's are hundreds of documents of a few hundred pages, printed
    // two at a time (one per tab) and rendered to HTML only when a tab takes them.
    const jobs = units.flatMap((unit) => [
      { unit, file: `${unit.id}.pdf`, pages: () => [listPage(config, unit, unit.donors, unit.total, reportDate)] },
      { unit, file: `${unit.id}-theo-thon.pdf`, pages: () => unit.hamlets.map((h) => listPage(config, unit, h.donors, h.total, reportDate, h.hamlet)) },
    ]);
    await eachLimited(jobs, LIST_TABS, async (job) => {
      const pages = job.pages();
      // Untagged: a posted list is for paper (the public page is the screen version); tagging made a
      // 5,000-name list 12× larger (7.5 MB against 0.6 MB) and a fifth slower to print.
      await printPdf(args.browser, templates.render('public-list', { ...common, pages }), path.join(dir, PUBLIC_LISTS_DIR, job.file), {
        baseDir: templatesDir,
        pages: estimatedPages(job.unit.donors.length, pages.length),
        tagged: false,
      });
    });
    lists = units.reduce((n, unit) => n + 1 + unit.hamlets.length, 0);
  }
  if (config.public.page) {
    await mkdir(path.join(dir, PUBLIC_PAGE_DIR), { recursive: true });
    await writeFile(path.join(dir, PUBLIC_PAGE_DIR, 'index.html'), publicPageHtml(config, units, reportDate, args.templatesDir), 'utf8');
  }
  return { lists, page: config.public.page };
}
