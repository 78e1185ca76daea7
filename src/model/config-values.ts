/** Value schemas the campaign config's sections share. */
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
      ctx.addIssue({ code: 'custom', message: `cần một ngày dạng 2023-10-05 hoặc 05/10/2023, nhận được "${value}"` });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

export const NonEmpty = z.string().trim().min(1);
