import { z } from 'zod';

/** A calendar date written "2023-10-05" or "05/10/2023"; kept as ISO "YYYY-MM-DD". */
export const IsoDateSchema = z
  .union([z.string(), z.date()])
  .transform((value, ctx) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
    const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
    const [y, m, d] = iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : vn
        ? [Number(vn[3]), Number(vn[2]), Number(vn[1])]
        : [NaN, NaN, NaN];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (Number.isNaN(date.getTime()) || date.getUTCDate() !== d || date.getUTCMonth() !== m - 1) {
      ctx.addIssue({ code: 'custom', message: `expected a date like 2023-10-05 or 05/10/2023, got "${value}"` });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

const NonEmpty = z.string().trim().min(1);
const Money = z.number().int().nonnegative();

export const UnitKindSchema = z.enum(['commune', 'town', 'ward', 'organisation', 'agency']);
export type UnitKind = z.infer<typeof UnitKindSchema>;

/** One place a unit's donor list lives. A bare string is a local path or glob. */
export const SourceSpecSchema = z.union([
  NonEmpty.transform((path): { type: 'file'; path: string; sheet?: string; range?: string } => ({ type: 'file', path })),
  z
    .object({
      path: NonEmpty,
      /** Read only this sheet (by name). */
      sheet: NonEmpty.optional(),
      /** Read only this A1 range of the sheet(s), e.g. "A5:H200". */
      range: z.string().regex(/^\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+$/, 'expected an A1 range like A5:H200').optional(),
    })
    .strict()
    .transform((s) => ({ type: 'file' as const, ...s })),
]);
export type SourceSpec = z.infer<typeof SourceSpecSchema>;

export const UnitSchema = z
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
  })
  .strict();
export type Unit = z.infer<typeof UnitSchema>;

export const GroupSchema = z
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
        { label: 'Các xã, thị trấn', kinds: ['commune', 'town', 'ward'] },
        { label: 'Các tổ chức thành viên, cơ quan, đơn vị', kinds: ['organisation', 'agency'] },
      ]),
    /** Extra header aliases per field, added to the built-in Vietnamese ones. */
    columns: FieldAliases.default({}),
    units: z.array(UnitSchema).min(1),
    /** Output folder, relative to this file. */
    output: NonEmpty.default('output'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.units.forEach((unit, index) => {
      if (seen.has(unit.id)) {
        ctx.addIssue({ code: 'custom', path: ['units', index, 'id'], message: `duplicate unit id "${unit.id}"` });
      }
      seen.add(unit.id);
      if (!config.groups.some((g) => g.kinds.includes(unit.kind))) {
        ctx.addIssue({ code: 'custom', path: ['units', index, 'kind'], message: `no group lists kind "${unit.kind}"` });
      }
    });
  });
export type CampaignConfig = z.infer<typeof CampaignConfigSchema>;
export type FieldName = keyof z.infer<typeof FieldAliases>;
