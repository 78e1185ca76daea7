/**
 * Who gets a thank-you certificate (docs/domain.md §6), and how each is addressed. Pure: records in,
 * candidates out, in unit order (config order), each unit's own certificate first, then its donors
 * in source, sheet and row order.
 */
import type { CampaignConfig, CertificatesConfig } from '../../model/config.js';
import type { CertificateCandidate } from '../../model/certificate.js';
import type { SourceOutcome } from '../../model/source.js';
import type { Consolidation } from '../../model/consolidation.js';
import type { Donation, DonorCategory } from '../../model/record.js';
import { foldForMatch, normalizeText } from '../../format/text.js';


/**
 * Name beginnings that mean an organisation, business or collective, folded (no diacritics).
 * Surnames that fold the same are left out: Đoàn (not "đoàn"), Trương (not "trường"), Bàn, Viên, Thế.
 */
const ORGANISATION_PREFIXES = [
  'cong ty', 'cty', 'doanh nghiep', 'dntn', 'htx', 'hop tac xa', 'hoi ', 'chi hoi', 'tap the', 'co quan',
  'ngan hang', 'benh vien', 'trung tam', 'tram ', 'kho bac', 'van phong', 'ubnd', 'uy ban', 'dang uy',
  'dang bo', 'chi bo', 'chi doan', 'doan thanh nien', 'doan tncs', 'huyen doan', 'xa doan', 'thi doan',
  'cong doan', 'lien doan', 'ban chi huy', 'ban quan ly', 'ban chap hanh', 'ban dai dien', 'ban lien lac',
  'ban cong tac', 'ban van dong', 'phong ', 'so ', 'chi cuc', 'cuc ', 'cua hang', 'nha hang', 'khach san',
  'tong cong ty', 'tap doan', 'quy ', 'mat tran', 'mttq', 'cong an', 'bch ', 'don vi', 'xi nghiep',
  'nha may', 'chi nhanh', 'buu dien', 'vien kiem sat', 'toa an', 'hkd', 'ho kinh doanh', 'clb', 'cau lac bo',
  'to dan pho', 'thon ', 'khu dan cu', 'giao xu', 'chua ', 'nha tho', 'lop ', 'cac ', 'nhom ', 'hoc sinh ',
  'truong thpt', 'truong thcs', 'truong th ', 'truong tieu hoc', 'truong mam non', 'truong mn', 'truong pt',
  'truong dai hoc', 'truong cao dang', 'truong trung cap', 'truong chinh tri', 'nhan dan', 'ba con',
  'can bo', 'cbccvc', 'cbcc', 'cnvc', 'cbcnv', 'toan the', 'bao hiem', 'hat kiem lam', 'hiep hoi', 'lien hiep',
  'dien luc', 'phong kham', 'nha thuoc', 'tram y te', 'ubnd', 'hdnd', 'thi tran', 'bo chi huy', 'don bien phong',
  'trung doan', 'su doan', 'tieu doan', 'dai doi', 'to hoi', 'to tiet kiem', 'thanh doan', 'tinh doan',
];

/** Same-looking words kept apart by their diacritics: "Trường …" is a school, "Trương …" a surname. */
const ORGANISATION_PREFIXES_EXACT = ['trường ', 'đoàn thanh niên', 'đoàn viên '];

/** Words that already address the person (diacritics matter: "Cù" is a surname, "Cụ" is not). */
const HONORIFIC = /^(ông|bà|anh|chị|cụ|cháu|em|thầy|cô|bác|đồng chí|đ\/c|gia đình|vợ chồng|nhà hảo tâm)(\s|$)/u;

const ORGANISATION_CATEGORIES: ReadonlySet<DonorCategory> = new Set(['organisation', 'business']);

/** An organisation's name, or a category that can only be one. */
export function isOrganisation(name: string, category?: DonorCategory): boolean {
  if (category !== undefined && ORGANISATION_CATEGORIES.has(category)) return true;
  const lower = normalizeText(name).toLocaleLowerCase('vi');
  if (ORGANISATION_PREFIXES_EXACT.some((prefix) => lower.startsWith(prefix))) return true;
  const folded = `${foldForMatch(name)} `;
  return ORGANISATION_PREFIXES.some((prefix) => folded.startsWith(prefix.endsWith(' ') ? prefix : `${prefix} `));
}

/** "Ông/Bà Nguyễn Văn An"; "Bà Lê Thị Hoa" and "Gia đình ông …" stay as written (capitalised). */
export function personRecipient(name: string): string {
  return HONORIFIC.test(normalizeText(name).toLocaleLowerCase('vi')) ? name.charAt(0).toLocaleUpperCase('vi') + name.slice(1) : `Ông/Bà ${name}`;
}

function rowKey(d: Donation): string {
  return `${d.provenance.source}\u0000${d.provenance.sheet}\u0000${d.provenance.row}`;
}

/**
 * Registry identity of a donor row: unit, folded name, folded source path and sheet, and the
 * occurrence of that name in the sheet (two "Nguyễn Văn An" in one list are two donors).
 * Not the row number: rows shift when a line is inserted above.
 */
export function donorKey(unitId: string, name: string, source: string, sheet: string, occurrence: number): string {
  return ['d', unitId, foldForMatch(name), foldForMatch(source), foldForMatch(sheet), String(occurrence)].join('|');
}

/** Registry identity of a unit's own certificate. */
function unitKey(unitId: string): string {
  return `u|${unitId}`;
}

type Row = { donations: Donation[]; amount: number };

/** Every donor row and unit that qualifies, in print order. */
export function selectCandidates(
  config: CampaignConfig,
  settings: CertificatesConfig,
  consolidation: Consolidation,
  outcomes: readonly SourceOutcome[],
): CertificateCandidate[] {
  const out: CertificateCandidate[] = [];
  const unitSummaries = new Map(consolidation.units.map((u) => [u.id, u]));
  for (const unit of config.units) {
    const summary = unitSummaries.get(unit.id);
    if (
      settings.organisations &&
      (unit.kind === 'organisation' || unit.kind === 'agency') &&
      summary?.status === 'reported' &&
      summary.amount > 0
    ) {
      const name = normalizeText(unit.name);
      out.push({ donorKey: unitKey(unit.id), name, recipient: name, person: false, origin: 'unit', unitId: unit.id, unitName: name, amount: summary.amount });
    }
    const unitName = normalizeText(unit.name);
    for (const outcome of outcomes) {
      if (outcome.unitId !== unit.id) continue;
      // A donor is a row: the parts of one row split across money stages are added together.
      const rows = new Map<string, Row>();
      for (const d of outcome.donations) {
        const key = rowKey(d);
        const row = rows.get(key) ?? { donations: [], amount: 0 };
        row.donations.push(d);
        row.amount += d.amount;
        rows.set(key, row);
      }
      // Sheets in workbook order (as intake met them), rows top to bottom.
      const sheetOrder = new Map(outcome.sheets.map((s, i) => [s.sheet, i]));
      const place = (row: Row): [number, number] => [sheetOrder.get(row.donations[0]!.provenance.sheet) ?? 0, row.donations[0]!.provenance.row];
      const ordered = [...rows.values()].sort((a, b) => place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1]);
      const seen = new Map<string, number>();
      for (const row of ordered) {
        const first = row.donations[0]!;
        const name = normalizeText(first.name);
        const sameName = `${foldForMatch(first.provenance.sheet)}\u0000${foldForMatch(name)}`;
        const occurrence = (seen.get(sameName) ?? 0) + 1;
        seen.set(sameName, occurrence);
        if (row.amount < settings.threshold || row.amount === 0) continue;
        const organisation = row.donations.some((d) => isOrganisation(name, d.category));
        const candidate: CertificateCandidate = {
          donorKey: donorKey(unit.id, name, first.provenance.source, first.provenance.sheet, occurrence),
          name,
          recipient: organisation ? name : personRecipient(name),
          person: !organisation,
          origin: 'donor',
          unitId: unit.id,
          unitName,
          amount: row.amount,
          source: { path: first.provenance.source, sheet: first.provenance.sheet, row: first.provenance.row },
          ...(first.address ? { address: normalizeText(first.address) } : {}),
        };
        out.push(candidate);
      }
    }
  }
  return out;
}

/** Upper-case header words as they are written inside a sentence. */
const SENTENCE_WORDS: Readonly<Record<string, string>> = {
  'ỦY': 'Ủy', 'UỶ': 'Ủy', 'BAN': 'ban', 'THƯỜNG': 'Thường', 'TRỰC': 'trực', 'MẶT': 'Mặt', 'TRẬN': 'trận', 'TỔ': 'Tổ',
  'QUỐC': 'quốc', 'VIỆT': 'Việt', 'NAM': 'Nam', 'HUYỆN': 'huyện', 'XÃ': 'xã', 'TỈNH': 'tỉnh', 'THÀNH': 'thành',
  'PHỐ': 'phố', 'QUẬN': 'quận', 'PHƯỜNG': 'phường', 'THỊ': 'thị', 'TRẤN': 'trấn', 'ĐẶC': 'đặc', 'KHU': 'khu',
  'MTTQ': 'MTTQ', 'UBMTTQ': 'UBMTTQ', 'VÀ': 'và', 'CỦA': 'của',
};

/**
 * "BAN THƯỜNG TRỰC" + ["ỦY BAN MTTQ VIỆT NAM", "HUYỆN AN LÃO"] → "Ban Thường trực Ủy ban MTTQ Việt Nam
 * huyện An Lão". Known words take their sentence form, other words (place names) are capitalised.
 * certificates.issuerName overrides it when a header needs something else.
 */
export function issuerSentenceName(body: string, parents: readonly string[]): string {
  const words = [body, ...parents].join(' ').normalize('NFC').split(/\s+/).filter(Boolean);
  const out = words.map((word) => {
    const upper = word.toLocaleUpperCase('vi');
    if (word !== upper) return word;
    const known = SENTENCE_WORDS[upper];
    if (known !== undefined) return known;
    const lower = word.toLocaleLowerCase('vi');
    return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
  });
  const sentence = out.join(' ');
  return sentence.charAt(0).toLocaleUpperCase('vi') + sentence.slice(1);
}
