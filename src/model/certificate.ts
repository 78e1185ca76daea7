import { z } from 'zod';
import { CountSchema as Count } from './numbers.js';

/** summary.json → certificates: what this run issued and printed (absent when the campaign has none). */
export const CertificateSummarySchema = z.object({
  kind: z.enum(['giay-chung-nhan', 'thu-cam-on']),
  /** Registry key of the campaign (numbers are per campaign). */
  campaignId: z.string(),
  threshold: z.number().int().nonnegative(),
  /** Certificates the data calls for now. */
  total: Count,
  /** Numbered for the first time in this run. */
  new: Count,
  /** Issued because what an earlier certificate says changed; each names the number it replaces. */
  replacement: Count,
  /** Already issued and still right: not printed again. */
  unchanged: Count,
  /** Issued earlier, but the donor is no longer in the data (row removed or under the threshold). */
  dropped: Count,
  /** Printed in this run (new + replacement, plus any from a run that never finished). */
  printed: Count,
  /** Run-folder paths of the list, and of the print pack (in-moi.pdf) when something was printed. */
  list: z.string(),
  pack: z.string().optional(),
  /** How the one-file-per-certificate PDFs were made. */
  split: z.enum(['qpdf', 'separate', 'none']),
  /** Donors held (no number yet) until staff decide the suspected pair they are in. */
  held: Count.optional(),
  /** Run-folder path of in-tat-ca.pdf: every current certificate, in number order. */
  all: z.string().optional(),
  /** Run-folder path of danh-sach.xlsx (the list as a workbook). */
  table: z.string().optional(),
});
export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

export type CertificateCandidate = {
  /**
   * Identity of the donor in the campaign's registry (see donorKey): the same key on every run
   * means the same certificate number.
   */
  readonly donorKey: string;
  /** The name as written in the list (NFC, spaces collapsed). */
  readonly name: string;
  /** As printed: "Ông/Bà Nguyễn Văn An", or an organisation's name as is. */
  readonly recipient: string;
  /** True for people (addressed "Ông/Bà"), false for organisations, businesses and collectives. */
  readonly person: boolean;
  /** A unit's own certificate for everything it mobilised, or one donor's. */
  readonly origin: 'unit' | 'donor';
  readonly unitId: string;
  readonly unitName: string;
  readonly address?: string;
  /** Whole đồng; a row's money stages added. */
  readonly amount: number;
  /** Where the donor's row is ("submissions/x.xlsx", "Danh sách", 12); absent for unit certificates. */
  readonly source?: { readonly path: string; readonly sheet: string; readonly row: number };
};
