/**
 * What the report template sees: every figure already formatted as Vietnamese text, so the
 * templates stay dumb. Built from the consolidation by buildReportView (src/outputs/report/build-view.ts).
 * Every string here may come from a spreadsheet and is escaped by Handlebars ({{…}}, never {{{…}}}).
 */
export type ReportRow = {
  /** "1", "2" … or "I", "II" for group headings. */
  stt: string;
  name: string;
  /** Formatted money ("1.234.567") or "" when not applicable. */
  target: string;
  cbccvc: string;
  business: string;
  /** Philanthropists and overseas Vietnamese together. */
  philanthropist: string;
  resident: string;
  /** Armed forces, organisations and other. */
  other: string;
  total: string;
  /** "154,9%" or "". */
  percent: string;
  paid: string;
  unpaid: string;
  donors: string;
  /** "Chưa báo cáo", "Tệp lỗi" … */
  note: string;
  /** Row style: a unit, a group heading, a subtotal ("Cộng") or the grand total. */
  kind: 'unit' | 'group' | 'subtotal' | 'total';
};

export type CategoryRow = { stt: string; label: string; donors: string; amount: string; share: string; kind: 'row' | 'total' };
export type StatusRow = { label: string; amount: string; share: string };
export type DonorRow = { stt: string; name: string; unit: string; amount: string };

/** A row of a group's short table (the member organisations in section II). */
type GroupTableRow = { stt: string; name: string; amount: string; percent: string; note: string; kind: 'row' | 'total' };
/** Section II, one sub-section per group of units: a worded paragraph and, for organisations, a table. */
export type GroupSection = { heading: string; paragraph: string; table: GroupTableRow[] };
/** Biểu 02: donor categories across the groups of units. */
export type CategoryAnnex = {
  /** Group labels, one pair of columns (donors, amount) each. */
  groups: string[];
  /** "(1)" … for the column-number row. */
  columnNumbers: string[];
  rows: {
    stt: string;
    label: string;
    cells: { donors: string; amount: string }[];
    donors: string;
    amount: string;
    share: string;
    kind: 'row' | 'total';
  }[];
};

/** Who reported and when (section II): the completeness table, formatted. */
export type SubmissionsView = {
  expected: string;
  received: string;
  onTime: string;
  late: string;
  missing: string;
  failed: string;
  /** "87,0%" */
  percent: string;
  /** Sentences under the table: the deadline rule, late units with how late, stale units. */
  notes: string[];
};

export type ReportView = {
  /** Left header block lines, e.g. ["ỦY BAN MTTQ VIỆT NAM", "HUYỆN AN LÃO"]. */
  issuerParents: string[];
  /** "BAN THƯỜNG TRỰC" */
  issuerBody: string;
  /** "Số: 62/BC-MTTQ-BTT" */
  numberLine: string;
  /** "An Lão, ngày 05 tháng 10 năm 2023" */
  placeDate: string;
  /** "BÁO CÁO" */
  kind: string;
  /** Subject line under the title. */
  subject: string;
  /** "Kính gửi" recipients (one or more). */
  recipients: string[];
  /** Section I narrative paragraphs (may be empty: then a default sentence from the plan). */
  direction: string[];
  /** Sentences of section II's opening paragraph, already worded. */
  resultParagraphs: string[];
  /** "1.234.567" */
  totalAmount: string;
  /** "Một triệu … đồng" */
  totalInWords: string;
  totalDonors: string;
  /** "17/22" */
  reportedUnits: string;
  /** Names of units that have not reported (may be empty). */
  missingUnits: string[];
  /** Table by unit: group headings, units, subtotals, grand total. */
  unitRows: ReportRow[];
  /** Table by donor category. */
  categoryRows: CategoryRow[];
  /** Money status breakdown. */
  statusRows: StatusRow[];
  /** Largest donors (exemplary). */
  topDonors: DonorRow[];
  /** Section II by group of units (communes, organisations …); absent or empty: one sentence pointing at Biểu 01. */
  groupSections?: GroupSection[];
  /** Annex Biểu 02 (by donor category); absent or without rows: not printed. */
  categoryAnnex?: CategoryAnnex;
  /** Who reported and when; absent: the table is left out (src/review/completeness.ts). */
  submissions?: SubmissionsView;
  /** Sentences beside the total: repeats excluded or still suspected, one-day-wage participation. */
  checkNotes?: string[];
  /** Money received on the account vs reported as sent (src/outputs/report/reconciliation-view.ts); absent: no bank statements. */
  reconciliation?: ReconciliationView | null;
  assessment: string[];
  recommendations: string[];
  signerOnBehalf: string | undefined;
  signerTitle: string;
  signerName: string;
  /** "Nơi nhận" lines, each starting with "- ". */
  copiesTo: string[];
  /** Footer note for traceability: run id and generation time. */
  generatedNote: string;
  /**
   * Caption under the annex title, e.g. "(Kèm theo Báo cáo số 62/BC-MTTQ-BTT ngày 05/10/2023 của Ban
   * Thường trực Ủy ban MTTQ Việt Nam huyện An Lão)". When absent it is derived from kind, numberLine
   * and placeDate.
   */
  annexCaption?: string;
};

/** The report's paragraph and table on money received vs reported. */
export type ReconciliationView = {
  paragraph: string;
  rows: { label: string; count: string; amount: string }[];
};
