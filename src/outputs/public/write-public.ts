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
export const PUBLIC_LISTS_DIR = `${PUBLIC_DIR}/danh-sach`;
export const PUBLIC_PAGE_DIR = `${PUBLIC_DIR}/trang-web`;
/** Lists printed at once (browser tabs). */
const LIST_TABS = 2;

/** Pages a list of `donors` rows in `groups` groups (unit or hamlets) will take, for the print's time allowance (~20 rows a page). */
const estimatedPages = (donors: number, groups: number): number => Math.ceil(donors / 20) + groups;

/**
 * A word too long for its column (a pasted code, an attack): its row's cells may break anywhere.
 * Only such rows: `overflow-wrap: anywhere` on every cell made a 5,000-name list a fifth slower to print.
 */
const LONG_WORD = /\S{16}/;

/** Printed rows: names and hamlets cut with "…" past the printed limit, so one cell cannot fill pages. */
const rows = (donors: PublicDonor[]) =>
  donors.map((d, i) => {
    const name = clipText(d.name);
    const hamlet = clipText(d.hamlet);
    return { stt: i + 1, name, hamlet, amount: formatMoney(d.amount), long: LONG_WORD.test(name) || LONG_WORD.test(hamlet) };
  });

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

/**
 * Donors on one page at most: a phone opens a page of 20,000 rows (~2.5 MB); a province's million
 * would be a 130 MB page no phone opens. Past it the page lists the units, each linking to its own
 * page (`don-vi/<unit>.html`), where the search by name works as on the single page.
 */
export const PUBLIC_PAGE_MAX_ROWS = 20_000;

type PageUnitView = { id: string; name: string; total: string; count: string; href: string; open: boolean; rows: { stt: number; name: string; hamlet: string; amount: string; key: string }[] };

function pageUnit(u: PublicUnit, href = '', open = false): PageUnitView {
  return {
    id: u.id,
    name: u.name,
    total: formatMoney(u.total),
    // "20.000 lượt", grouped like every figure on the page.
    count: formatMoney(u.donors.length),
    href,
    open,
    rows: href ? [] : u.donors.map((d, i) => ({ stt: i + 1, name: d.name, hamlet: d.hamlet, amount: formatMoney(d.amount), key: foldForMatch(d.name) })),
  };
}

/** The page: its totals are those of `units` (the campaign, or the one unit a unit page shows). */
function publicPageHtml(config: CampaignConfig, units: PublicUnit[], shown: PageUnitView[], reportDate: string, templates: TemplateSet, extra: { split: boolean; back: string }): string {
  const view = {
    title: config.public!.title,
    subject: config.campaign.title,
    period: `Từ ngày ${formatDateShort(config.campaign.period.from)} đến ngày ${formatDateShort(config.campaign.period.to)}`,
    updated: formatDateShort(reportDate),
    issuer: [...config.issuer.parents, config.issuer.body].join(' '),
    total: formatMoney(units.reduce((s, u) => s + u.total, 0)),
    donors: formatMoney(units.reduce((s, u) => s + u.donors.length, 0)),
    units: shown,
    ...extra,
  };
  return templates.render('public-page', view);
}

/** The public page: one file, or past PUBLIC_PAGE_MAX_ROWS an index and a page per unit. */
async function writePublicPage(config: CampaignConfig, units: PublicUnit[], reportDate: string, pageDir: string, templatesDir: string | undefined): Promise<void> {
  const templates = templatesWith('public-page', templatesDir);
  await mkdir(pageDir, { recursive: true });
  const rows = units.reduce((n, u) => n + u.donors.length, 0);
  if (rows <= PUBLIC_PAGE_MAX_ROWS) {
    await writeFile(path.join(pageDir, 'index.html'), publicPageHtml(config, units, units.map((u) => pageUnit(u)), reportDate, templates, { split: false, back: '' }), 'utf8');
    return;
  }
  // Unit ids are the file names of the unit's PDFs already; the link escapes them for a URL.
  const index = units.map((u) => pageUnit(u, `don-vi/${encodeURIComponent(u.id)}.html`));
  await writeFile(path.join(pageDir, 'index.html'), publicPageHtml(config, units, index, reportDate, templates, { split: true, back: '' }), 'utf8');
  await mkdir(path.join(pageDir, 'don-vi'), { recursive: true });
  for (const u of units) {
    // A unit's page: its own totals at the top, its list below, open.
    await writeFile(path.join(pageDir, 'don-vi', `${u.id}.html`), publicPageHtml(config, [u], [pageUnit(u, '', true)], reportDate, templates, { split: false, back: '../index.html' }), 'utf8');
  }
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
  if (config.public.page) await writePublicPage(config, units, reportDate, path.join(dir, PUBLIC_PAGE_DIR), args.templatesDir);
  return { lists, page: config.public.page };
}
