/** Sections of campaign.yaml that stand apart: certificates, notifications, reminders, reader limits. */
import { z } from 'zod';
import { IsoDateSchema, NonEmpty } from './config-values.js';
import { MoneySchema as Money } from './numbers.js';

/** Thank-you documents (docs/domain.md §6): who gets one, how they are numbered and worded. */
export const CertificatesSchema = z
  .object({
    /** "giay-chung-nhan" prints "GIẤY CHỨNG NHẬN", "thu-cam-on" prints "THƯ CẢM ƠN". @default "giay-chung-nhan" */
    kind: z.enum(['giay-chung-nhan', 'thu-cam-on']).default('giay-chung-nhan'),
    /** A donor (one row, its money stages added) at or above this many đồng gets one. @default 1000000 */
    threshold: Money.default(1_000_000),
    /** Every reporting organisation/agency unit also gets one for its total. @default true */
    organisations: z.boolean().default(true),
    /** Registry key of the campaign: numbers restart for a new id. @default campaign.plan.number */
    campaignId: NonEmpty.optional(),
    number: z
      .object({
        /** Text before the digits. @default "" */
        prefix: z.string().default(''),
        /** Text after the digits. @default "/GCN" (certificate), "/TCO" (letter) */
        suffix: z.string().optional(),
        /** Digits, zero-padded: 4 → "0007". @default 4 */
        digits: z.number().int().min(1).max(9).default(4),
      })
      .strict()
      .default({ prefix: '', digits: 4 }),
    /** Issuer as written inside sentences. @default derived from issuer.body and issuer.parents ("Ban Thường trực Ủy ban MTTQ Việt Nam huyện An Lão") */
    issuerName: NonEmpty.optional(),
    /** Date printed on the certificates. @default report.date, else the day of the run */
    date: IsoDateSchema.optional(),
  })
  .strict();
export type CertificatesConfig = z.infer<typeof CertificatesSchema>;

/**
 * notify: a short Vietnamese message about a night's run, by e-mail (SMTP) and/or to a command or a
 * webhook (src/run/notify.ts). A message that cannot be sent is logged; it never fails the run.
 */
export const NotifySchema = z
  .object({
    /**
     * failure: only when a run fails; new-errors: also when a run finds errors the previous run did
     * not have; always: after every run. @default failure
     */
    when: z.enum(['failure', 'new-errors', 'always']).default('failure'),
    email: z
      .object({
        host: NonEmpty,
        /** @default 587 */
        port: z.number().int().min(1).max(65535).default(587),
        /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. @default false */
        secure: z.boolean().default(false),
        /** SMTP account; absent: send without logging in. */
        user: NonEmpty.optional(),
        /** Environment variable holding the account's password (never written in the YAML). @default TONGHOP_SMTP_PASSWORD */
        passwordEnv: NonEmpty.default('TONGHOP_SMTP_PASSWORD'),
        from: NonEmpty,
        to: z.array(NonEmpty).min(1),
      })
      .strict()
      .optional(),
    /** Shell command run in the campaign folder with the message on stdin and TONGHOP_NOTIFY_* variables. */
    command: NonEmpty.optional(),
    /** http(s) address that receives the message as a JSON POST. */
    webhook: z.url().optional(),
  })
  .strict()
  .refine((n) => n.email !== undefined || n.command !== undefined || n.webhook !== undefined, {
    message: 'notify cần ít nhất một cách báo: email, command hoặc webhook',
  });
export type NotifyConfig = z.infer<typeof NotifySchema>;

/** Reminder letters ("thư đôn đốc") to units whose report is missing (src/outputs/feedback/reminder.ts). */
export const RemindersSchema = z
  .object({
    /** Write a reminder for every unit with no report, before and after the deadline. @default true */
    enabled: z.boolean().default(true),
    /** Also remind units that reported less than their `target`. @default false */
    belowTarget: z.boolean().default(false),
  })
  .strict();

/** Numeric reader limits a campaign may override (`limits:` in campaign.yaml). */
export const READ_LIMIT_KEYS = [
  'maxFileBytes',
  'maxZipEntries',
  'maxUncompressedBytes',
  'maxSheetXmlBytes',
  'maxSharedStringsBytes',
  'maxOtherPartBytes',
  'maxRowsPerSheet',
  'maxColumnsPerSheet',
  'maxCellsPerSheet',
  'maxCellsPerWorkbook',
  'maxTextChars',
  'maxCellChars',
  'maxMergesPerSheet',
  'parseTimeoutMs',
  'parseMemoryMb',
  'convertTimeoutMs',
  'convertMemoryMb',
  'maxFilesPerPattern',
] as const;
export type ReadLimitKey = (typeof READ_LIMIT_KEYS)[number];

