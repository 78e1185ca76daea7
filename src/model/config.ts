import { z } from 'zod';
import { IsoDateSchema, NonEmpty } from './config-values.js';
import { CertificatesSchema, NotifySchema, READ_LIMIT_KEYS, RemindersSchema, type ReadLimitKey } from './config-sections.js';

export { CertificatesSchema, type CertificatesConfig, type NotifyConfig } from './config-sections.js';
import { MoneySchema as Money } from './numbers.js';
import { driveFolderUrl, parseGoogleId, spreadsheetUrl } from './google-ids.js';
import { MoneyStatusSchema } from './record.js';
import { DecisionSchema } from './review.js';
import { MatchDecisionSchema } from './reconciliation.js';


/** What a submitting unit is; levels are data: a city-level campaign lists districts, a province lists communes. */
export const UnitKindSchema = z.enum(['district', 'commune', 'town', 'ward', 'organisation', 'agency']);
export type UnitKind = z.infer<typeof UnitKindSchema>;

const A1Range = z.string().regex(/^\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+$/, 'expected an A1 range like A5:H200');

/** A Google file or folder given by id or by any address copied from the browser; kept as the id. */
const GoogleId = (what: string) =>
  NonEmpty.transform((text, ctx) => {
    const id = parseGoogleId(text);
    if (id === undefined) {
      ctx.addIssue({ code: 'custom', message: `cần mã hoặc địa chỉ ${what} Google, nhận được "${text}"` });
      return z.NEVER;
    }
    return id;
  });

/** A Google Drive folder: every Google Sheet and .xlsx/.xls/.csv directly inside it (docs/google.md). */
const DriveFolderSchema = z
  .object({
    folder: GoogleId('thư mục Drive'),
    /** Top-level folders only: file name or glob ("*" "?") → unit id, for names that do not say the unit. */
    map: z.record(NonEmpty, NonEmpty).optional(),
    sheet: NonEmpty.optional(),
    range: A1Range.optional(),
  })
  .strict();

/**
 * A union says only "Invalid input"; name instead what is wrong in the form that was meant
 * (the branch whose problems are inside it, not at its top level).
 */
function sourceSpecError(issue: { code?: string; errors?: { code: string; path: PropertyKey[]; message: string }[][] }): string | undefined {
  if (issue.code !== 'invalid_union' || !issue.errors) return undefined;
  const meant = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0 && !(i.code === 'invalid_type' && i.path.length === 1 && i.message.endsWith('undefined'))));
  const first = meant?.[0];
  return first
    ? `${first.path.map(String).join('.')}: ${first.message}`
    : 'cần một đường dẫn tệp, { path, sheet, range }, { google: { spreadsheet, sheet, range } } hoặc { drive: { folder } }';
}

/** One place a unit's donor list lives. A bare string is a local path or glob. */
const SourceSpecSchema = z.union([
  NonEmpty.transform((path): { type: 'file'; path: string; sheet?: string; range?: string } => ({ type: 'file', path })),
  z
    .object({
      path: NonEmpty,
      /** Read only this sheet (by name). */
      sheet: NonEmpty.optional(),
      /** Read only this A1 range of the sheet(s), e.g. "A5:H200". */
      range: A1Range.optional(),
      /** When this file was received, overriding the date in the sheet and the file time. */
      submittedAt: IsoDateSchema.optional(),
    })
    .strict()
    .transform((s) => ({ type: 'file' as const, ...s })),
  /** A Google Sheets spreadsheet shared with the service account. */
  z
    .object({
      google: z.object({ spreadsheet: GoogleId('bảng tính Sheets'), sheet: NonEmpty.optional(), range: A1Range.optional() }).strict(),
    })
    .strict()
    // path: where the source lives, as people see it (every spec has one).
    .transform(({ google }) => ({ type: 'google' as const, path: spreadsheetUrl(google.spreadsheet), ...google })),
  /** A Drive folder whose every spreadsheet is this unit's. */
  z
    .object({ drive: DriveFolderSchema.omit({ map: true }) })
    .strict()
    .transform(({ drive }) => ({ type: 'drive' as const, path: driveFolderUrl(drive.folder), ...drive })),
], { error: sourceSpecError });
export type SourceSpec = z.infer<typeof SourceSpecSchema>;

const UnitSchema = z
  .object({
    /** Short stable id used in file names and URLs (a-z, 0-9, dashes). */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. xa-bat-trang'),
    name: NonEmpty,
    /** Official administrative code (e.g. 11632), when there is one. */
    code: z.union([z.string(), z.number()]).transform(String).optional(),
    kind: UnitKindSchema,
    /** Target amount in đồng. */
    target: Money.optional(),
    sources: z.array(SourceSpecSchema).default([]),
    /** When the unit's report was received, overriding the date in its sheets and the file times. */
    submittedAt: IsoDateSchema.optional(),
    /** Money status of rows whose list does not state one. @default the campaign's `status` */
    status: MoneyStatusSchema.optional(),
  })
  .strict();
export type Unit = z.infer<typeof UnitSchema>;

const GroupSchema = z
  .object({
    /** Heading in tables, e.g. "Các xã, thị trấn". */
    label: NonEmpty,
    kinds: z.array(UnitKindSchema).min(1),
  })
  .strict();

const FieldAliases = z
  .object({
    name: z.array(NonEmpty),
    address: z.array(NonEmpty),
    category: z.array(NonEmpty),
    status: z.array(NonEmpty),
    amount: z.array(NonEmpty),
    date: z.array(NonEmpty),
    note: z.array(NonEmpty),
  })
  .partial()
  .strict();

export const CampaignConfigSchema = z
  .object({
    campaign: z
      .object({
        /** Subject line of the report, e.g. "Kết quả vận động ủng hộ …". */
        title: NonEmpty,
        /** What the money is for, used in certificates and sentences ("ủng hộ làm nhà đại đoàn kết …"). */
        purpose: NonEmpty,
        plan: z.object({ number: NonEmpty, date: IsoDateSchema }).strict(),
        period: z.object({ from: IsoDateSchema, to: IsoDateSchema }).strict(),
        deadline: IsoDateSchema,
        /**
         * "Trước ngày 05/10/2023": true counts a report of the deadline day as on time, false makes
         * the day before the last on-time day. @default true
         */
        deadlineInclusive: z.boolean().default(true),
        /** Overall target in đồng. */
        target: Money.optional(),
      })
      .strict(),
    issuer: z
      .object({
        /** Upper lines of the header's left block, e.g. ["ỦY BAN MTTQ VIỆT NAM", "HUYỆN AN LÃO"]. */
        parents: z.array(NonEmpty).min(1),
        /** The issuing body, bold, e.g. "BAN THƯỜNG TRỰC". */
        body: NonEmpty,
        /** Place name for the place-date line, e.g. "An Lão". */
        place: NonEmpty,
        signer: z
          .object({
            /** "TM. BAN THƯỜNG TRỰC" */
            onBehalf: NonEmpty.optional(),
            /** "CHỦ TỊCH" */
            title: NonEmpty,
            name: NonEmpty,
          })
          .strict(),
      })
      .strict(),
    report: z
      .object({
        /** Document number, e.g. "62/BC-MTTQ-BTT". */
        number: NonEmpty,
        /** Date printed on the report; defaults to the day of the run. */
        date: IsoDateSchema.optional(),
        /** Document type title, e.g. "BÁO CÁO". */
        kind: NonEmpty.default('BÁO CÁO'),
        /** "Kính gửi" lines. */
        recipients: z.array(NonEmpty).min(1),
        /** "Nơi nhận" lines. */
        copiesTo: z.array(NonEmpty).default(['Như trên;', 'Lưu: VT.']),
        /** Narrative sections written by staff (text or markdown files, relative to this file). */
        narrative: z
          .object({
            /** I. Công tác chỉ đạo, triển khai */
            direction: NonEmpty.optional(),
            /** III. Đánh giá */
            assessment: NonEmpty.optional(),
            /** IV. Đề xuất, kiến nghị */
            recommendations: NonEmpty.optional(),
          })
          .strict()
          .default({}),
        /** How many of the largest donors the report lists as exemplary. */
        topDonors: z.number().int().min(0).max(100).default(10),
      })
      .strict(),
    groups: z
      .array(GroupSchema)
      .default([
        { label: 'Các quận, huyện', kinds: ['district'] },
        { label: 'Các xã, phường, thị trấn', kinds: ['commune', 'town', 'ward'] },
        { label: 'Các tổ chức thành viên, cơ quan, đơn vị', kinds: ['organisation', 'agency'] },
      ]),
    /** Extra header aliases per field, added to the built-in Vietnamese ones. */
    columns: FieldAliases.default({}),
    units: z.array(UnitSchema).min(1),
    /** Shared Drive folders where many units upload; each file goes to the unit its name (or map) says. */
    drive: z.array(DriveFolderSchema).default([]),
    /** Google access: key, quota, retries (docs/google.md). Only read when a source is on Google. */
    google: z
      .object({
        /** Service-account key (JSON), relative to this file. @default env GOOGLE_APPLICATION_CREDENTIALS, else application-default credentials */
        credentials: NonEmpty.optional(),
        quota: z
          .object({
            /** @default 50 (the Sheets API allows 60 reads per minute per user) */
            requests: z.number().int().positive().optional(),
            /** @default 60 */
            perSeconds: z.number().positive().optional(),
            /** Requests in flight at once. @default 2 */
            concurrency: z.number().int().min(1).max(16).optional(),
          })
          .strict()
          .optional(),
        retry: z
          .object({
            /** Tries per request, the first included. @default 5 */
            attempts: z.number().int().min(1).max(10).optional(),
            /** @default 1 */
            baseDelaySeconds: z.number().positive().optional(),
            /** @default 32 */
            maxDelaySeconds: z.number().positive().optional(),
          })
          .strict()
          .optional(),
        /** Per request. @default 30 */
        timeoutSeconds: z.number().positive().optional(),
        /** Tests only: send every Google request to this local server (env TONGHOP_GOOGLE_ROOT_URL wins). */
        rootUrl: z.url().optional(),
      })
      .strict()
      .optional(),
    /** Thank-you certificates or letters for donors at or above a threshold (absent: none). */
    certificates: CertificatesSchema.optional(),
    /** Reminder letters to units that have not reported (and, optionally, those below target). */
    reminders: RemindersSchema.default({ enabled: true, belowTarget: false }),
    /**
     * The campaign's own templates folder (report.hbs, certificate.hbs, partials/, styles/), relative
     * to this file; start from a copy of the bundled templates/. @default the bundled templates
     */
    templates: NonEmpty.optional(),
    /**
     * Folders outside the campaign folder that sources may be read from (relative to this file, or
     * absolute). Any other path leading out of the campaign folder is refused (SOURCE_OUTSIDE_CAMPAIGN).
     * @default [] (only the campaign folder)
     */
    allowSourcesFrom: z.array(NonEmpty).default([]),
    /** Output folder, relative to this file. */
    output: NonEmpty.default('output'),
    /**
     * Run folders to keep in the output folder: after a successful run the oldest beyond this many
     * are removed (never the one `latest` points to; history stays in the store). @default all
     */
    keep: z.number().int().min(1).optional(),
    /** Who is told about a run, and when (absent: nobody). */
    notify: NotifySchema.optional(),
    /**
     * Money status of rows whose list has no status column (or a blank cell): pledged, collected,
     * paid, transferred. @default unstated — reported as "chưa rõ", never guessed.
     */
    status: MoneyStatusSchema.default('unstated'),
    /** Staff decisions on suspected duplicates, relative to this file; read when it exists. @default decisions.yaml */
    /** How unusual an amount must be to be flagged AMOUNT_OUTLIER (src/review/outliers.ts). */
    outliers: z
      .object({
        /** Modified z-score on log10 amounts; 3.5 flags ≈ 36× the usual, 2 ≈ 8× (one extra zero typed). */
        threshold: z.number().positive().default(3.5),
        /** Fewest rows of a unit and category to have a "usual" at all. */
        minRows: z.number().int().min(3).default(8),
      })
      .strict()
      .default({ threshold: 3.5, minRows: 8 }),
    /** The campaign's bank account statements, reconciled with what units reported (src/review/reconcile.ts). */
    bank: z
      .object({
        /** Statement files or globs (.xlsx, .csv, or .pdf with a text layer), relative to this file. */
        statements: z.array(NonEmpty).min(1),
        /** The campaign account number, printed in the reconciliation. */
        account: z.union([z.string(), z.number()]).transform(String).optional(),
        /** Days before campaign.period.from and after campaign.period.to whose credits count. @default 0 and 30 */
        window: z.object({ before: z.number().int().min(0).default(0), after: z.number().int().min(0).default(30) }).strict().default({ before: 0, after: 30 }),
        /** Bank fees tolerated: a credit up to this many đồng below the reported amount still matches. @default 22000 */
        feeMargin: Money.default(22_000),
        /** Extra header aliases for statement columns. */
        columns: z
          .object({ date: z.array(NonEmpty), credit: z.array(NonEmpty), debit: z.array(NonEmpty), amount: z.array(NonEmpty), memo: z.array(NonEmpty), reference: z.array(NonEmpty), balance: z.array(NonEmpty) })
          .partial()
          .strict()
          .default({}),
      })
      .strict()
      .optional(),
    /** Public donor lists for posting and a public web page (opt-in; src/outputs/public). */
    public: z
      .object({
        /** A4 lists per unit and per hamlet (PDF). @default true */
        lists: z.boolean().default(true),
        /** The static public page folder (HTML, searchable by name). @default true */
        page: z.boolean().default(true),
        /** Leave out donors who asked to stay anonymous ("Ẩn danh" in the note or name). @default true */
        hideAnonymous: z.boolean().default(true),
        /** Title of the lists. @default "DANH SÁCH CÔNG KHAI CÁC TẬP THỂ, CÁ NHÂN ỦNG HỘ" */
        title: NonEmpty.default('DANH SÁCH CÔNG KHAI CÁC TẬP THỂ, CÁ NHÂN ỦNG HỘ'),
      })
      .strict()
      .optional(),
    /** Staff decisions on bank matches; loadConfig adds those under `matches:` in decisionsFile. */
    matchDecisions: z.array(MatchDecisionSchema).default([]),
    decisionsFile: NonEmpty.default('decisions.yaml'),
    /** Decisions written inline; loadConfig adds those of decisionsFile (src/review/decisions.ts). */
    decisions: z.array(DecisionSchema).default([]),
    /**
     * Reader limits for this campaign's files (src/intake/read-limits.ts has each default and why):
     * raise one when a real list is refused with SOURCE_TOO_LARGE or SOURCE_TIMEOUT.
     */
    limits: z
      .object(
        Object.fromEntries(READ_LIMIT_KEYS.map((key) => [key, z.number().int().positive().optional()])) as Record<
          ReadLimitKey,
          z.ZodOptional<z.ZodNumber>
        >,
      )
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.campaign.period.from > config.campaign.period.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['campaign', 'period', 'to'],
        message: `ngày kết thúc ${config.campaign.period.to} trước ngày bắt đầu ${config.campaign.period.from} (đợt vận động bị đảo ngược)`,
      });
    }
    const seen = new Set<string>();
    config.units.forEach((unit, index) => {
      if (seen.has(unit.id)) {
        ctx.addIssue({ code: 'custom', path: ['units', index, 'id'], message: `mã đơn vị "${unit.id}" bị trùng (mỗi đơn vị một mã riêng)` });
      }
      seen.add(unit.id);
      if (!config.groups.some((g) => g.kinds.includes(unit.kind))) {
        ctx.addIssue({ code: 'custom', path: ['units', index, 'kind'], message: `không có nhóm nào (groups) gồm loại đơn vị "${unit.kind}"` });
      }
    });
    config.drive.forEach((folder, index) => {
      for (const [file, unitId] of Object.entries(folder.map ?? {})) {
        if (!seen.has(unitId)) ctx.addIssue({ code: 'custom', path: ['drive', index, 'map', file], message: `không có đơn vị nào mang mã "${unitId}"` });
      }
    });
  });
export type CampaignConfig = z.infer<typeof CampaignConfigSchema>;

export type FieldName = keyof z.infer<typeof FieldAliases>;
