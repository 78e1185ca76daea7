/**
 * Repairing text typed in the pre-Unicode Vietnamese codes TCVN3 (ABC) and VNI-Windows
 * (docs/domain.md §5). Such cells reach us as the Windows-1252 reading of their bytes
 * ("MÆt trËn Tæ quèc ViÖt Nam"), so every function here works on that form.
 */
import { TCVN3_TABLE } from './legacy/tcvn3-table.js';
import { VNI_LOWER_TABLE, VNI_UPPER_TABLE } from './legacy/vni-table.js';

export type LegacyEncoding = 'tcvn3' | 'vni';

interface LegacyDecodeOptions {
  /**
   * Upper-case the result: the cell used a TCVN3 capitals font (.VnTimeH), where the
   * lower-case bytes are drawn as capitals.
   * @default false
   */
  readonly upper?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Bytes. A reader may hand over bytes 0x80–0x9F as Windows-1252 ('€', '…') or as Latin-1
// control characters; both are brought to one byte value before looking anything up.

const CP1252_HIGH: ReadonlyArray<readonly [byte: number, char: string]> = [
  [0x80, '€'], [0x82, '‚'], [0x83, 'ƒ'], [0x84, '„'], [0x85, '…'], [0x86, '†'], [0x87, '‡'],
  [0x88, 'ˆ'], [0x89, '‰'], [0x8a, 'Š'], [0x8b, '‹'], [0x8c, 'Œ'], [0x8e, 'Ž'], [0x91, '‘'],
  [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x95, '•'], [0x96, '–'], [0x97, '—'], [0x98, '˜'],
  [0x99, '™'], [0x9a, 'š'], [0x9b, '›'], [0x9c, 'œ'], [0x9e, 'ž'], [0x9f, 'Ÿ'],
];
const CP1252_BYTE = new Map(CP1252_HIGH.map(([byte, char]) => [char, byte]));

/** The legacy byte a character stands for, or undefined when no 8-bit code could yield it. */
function byteOf(char: string): number | undefined {
  const code = char.codePointAt(0) ?? -1;
  if (code <= 0xff) return code;
  return CP1252_BYTE.get(char);
}

/** One byte as the character the tables are keyed by (its Latin-1 reading). */
function byteKey(char: string): string {
  const byte = byteOf(char);
  return byte === undefined ? char : String.fromCharCode(byte);
}

/** True when every character could be the 1252 reading of a byte, i.e. the text may be legacy. */
function fitsInBytes(text: string): boolean {
  for (const char of text) if (byteOf(char) === undefined) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Code tables, keyed by Latin-1 strings of one or two bytes.

interface Codec {
  readonly decode: ReadonlyMap<string, string>;
  readonly encode: ReadonlyMap<string, string>;
}

function buildTcvn3(): Codec {
  const decode = new Map<string, string>();
  const encode = new Map<string, string>();
  for (const [byte, letter] of TCVN3_TABLE) {
    const key = String.fromCharCode(byte);
    decode.set(key, letter);
    encode.set(letter, key);
  }
  // Capitals without a byte of their own are written with the lower-case byte, as in a .VnTimeH cell.
  for (const [byte, letter] of TCVN3_TABLE) {
    const capital = letter.toUpperCase();
    if (!encode.has(capital)) encode.set(capital, String.fromCharCode(byte));
  }
  return { decode, encode };
}

function buildVni(): Codec {
  const decode = new Map<string, string>();
  const encode = new Map<string, string>();
  for (const [vni, letter] of [...VNI_LOWER_TABLE, ...VNI_UPPER_TABLE]) {
    decode.set(vni, letter);
    encode.set(letter, vni);
  }
  // A capital followed by a lower-case mark ("Aù") still means the capital letter; some
  // converters wrote capitals that way.
  for (const [vni, letter] of VNI_LOWER_TABLE) {
    const base = vni.charAt(0);
    const mixed = base.toUpperCase() + vni.slice(1);
    if (vni.length === 2 && !decode.has(mixed)) decode.set(mixed, letter.toUpperCase());
  }
  return { decode, encode };
}

const CODECS: Record<LegacyEncoding, Codec> = { tcvn3: buildTcvn3(), vni: buildVni() };

// ---------------------------------------------------------------------------------------------
// Decoding and encoding.

/** Legacy text (its Windows-1252 reading) → Unicode NFC. Characters outside the table pass through. */
export function decodeLegacy(text: string, encoding: LegacyEncoding, options: LegacyDecodeOptions = {}): string {
  const { decode } = CODECS[encoding];
  // NFC first so that a decomposed "ä" is one byte again; Latin-1 letters all have one composed form.
  const chars = [...text.normalize('NFC')];
  const keys = chars.map(byteKey);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const key = keys[i] ?? '';
    const next = keys[i + 1];
    // Two-byte sequences first: VNI "oâ" is ô, while a lone "ô" is ơ.
    const pair = next === undefined ? undefined : decode.get(key + next);
    if (pair !== undefined) {
      out += pair;
      i++;
      continue;
    }
    out += decode.get(key) ?? chars[i];
  }
  out = out.normalize('NFC');
  return options.upper ? out.toUpperCase() : out;
}

/**
 * Unicode → legacy text as it would read back through Windows-1252; the inverse of
 * decodeLegacy, used for round-trip tests and for writing test fixtures. TCVN3 capitals
 * other than Ă Â Ê Ô Ơ Ư Đ come out as the lower-case byte (decode them with `upper`).
 */
export function encodeLegacy(text: string, encoding: LegacyEncoding): string {
  const { encode } = CODECS[encoding];
  let out = '';
  for (const char of text.normalize('NFC')) out += encode.get(char) ?? char;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fonts.

/**
 * The encoding a cell's font implies: ".VnTime", ".VnArial"… are TCVN3 and a trailing "H"
 * (".VnTimeH") marks a capitals font; "VNI-Times", "VNI-Helve"… are VNI.
 */
export function encodingFromFont(font: string | undefined): { encoding: LegacyEncoding; upper: boolean } | undefined {
  const name = font?.trim().replace(/^["']|["']$/g, '');
  if (!name) return undefined;
  if (/^\.vn/i.test(name)) {
    // Case-sensitive "H": a non-H font name ending in a lower-case h must not upper-case text;
    // an all-lower-case name carries no case, so there a final h counts.
    const upper = /H$/.test(name) || (name === name.toLowerCase() && /h$/.test(name));
    return { encoding: 'tcvn3', upper };
  }
  if (/^vni[-_ ]/i.test(name)) return { encoding: 'vni', upper: false };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Plausibility: decoded legacy text reads as Vietnamese syllables, mojibake does not.

const TONE_MARKS = new Map<string, 'huyền' | 'sắc' | 'hỏi' | 'ngã' | 'nặng'>([
  ['\u0300', 'huyền'],
  ['\u0301', 'sắc'],
  ['\u0309', 'hỏi'],
  ['\u0303', 'ngã'],
  ['\u0323', 'nặng'],
]);

const INITIALS = [
  '', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh',
  'p', 'ph', 'q', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x',
] as const;

/** Rhymes (vowel nucleus with glides and final consonant), without tone. */
const RHYMES = new Set(
  `a e ê i o ô ơ u ư y
   ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uy ưa ưi ưu uơ
   iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu
   ac ach am an ang anh ap at   ăc ăm ăn ăng ăp ăt   âc âm ân âng âp ât
   ec em en eng ep et   êch êm ên ênh êp êt   ich im in inh ip it
   oc om on ong op ot oong ooc   ôc ôm ôn ông ôp ôt   ơm ơn ơp ơt
   uc um un ung up ut   ưc ưm ưn ưng ưt
   iêc iêm iên iêng iêp iêt   yêm yên yêng yêt
   oac oach oam oan oang oanh oap oat   oăc oăm oăn oăng oăt   oen oet
   uân uâng uât   uêch uênh   uych uyn uynh uyp uyt uyên uyêt
   uôc uôm uôn uông uôt   ươc ươm ươn ương ươp ươt`.split(/\s+/),
);

/** Stop finals only take the sắc or nặng tone ("quốc", never "quồc"). */
const STOP_FINAL = /(?:c|ch|p|t)$/;

/** Whether one word is a well-formed Vietnamese syllable (spelling, not dictionary). */
function isVietnameseSyllable(word: string): boolean {
  let tone: string | undefined;
  let letters = '';
  for (const char of word.toLowerCase().normalize('NFD')) {
    const mark = TONE_MARKS.get(char);
    if (mark === undefined) {
      letters += char;
      continue;
    }
    // One tone, placed on a vowel (possibly after its circumflex, breve or horn).
    if (tone !== undefined || !/[aeiouy\u0302\u0306\u031b]$/.test(letters)) return false;
    tone = mark;
  }
  const base = letters.normalize('NFC');
  // No f, j, w, z: they are not Vietnamese letters.
  if (!/^[abcdeghiklmnopqrstuvxyđăâêôơư]+$/.test(base)) return false;
  return INITIALS.some((initial) => {
    if (!base.startsWith(initial)) return false;
    const rhyme = base.slice(initial.length);
    if (initial === 'gi' && rhyme === '') return true; // "gì": the i of gi carries the tone
    if (!RHYMES.has(rhyme)) return false;
    if (initial === 'q' && !rhyme.startsWith('u')) return false;
    if ((initial === 'gh' || initial === 'ngh') && !/^[ieê]/.test(rhyme)) return false;
    return !STOP_FINAL.test(rhyme) || tone === 'sắc' || tone === 'nặng';
  });
}

function isPlausibleWord(word: string): boolean {
  // A lower-case "đ" alone is the usual abbreviation of đồng after amounts.
  return word === 'đ' || isVietnameseSyllable(word);
}

/**
 * Characters of the 8-bit range that Unicode Vietnamese never uses (ä, µ, §, the soft hyphen…):
 * everything above ASCII except the Latin-1 vowels that are Vietnamese letters themselves.
 */
const NEVER_VIETNAMESE = /[^\x00-\x7fÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý]/;

// Neither code maps ASCII or the typographic punctuation of Windows-1252, so words are split there.
const WORD_SEPARATORS = /[\s\x00-\x40\x5b-\x60\x7b-\x7f\u2000-\u206f\u20ac\u2122]+/u;

interface Evidence {
  /** Words that only decoding makes Vietnamese and that hold a character Vietnamese never uses. */
  readonly strong: number;
  /** Words that only decoding makes Vietnamese, spelled with Vietnamese characters throughout. */
  readonly weak: number;
  /** Words that are Vietnamese as they stand and that decoding would spoil. */
  readonly against: number;
  /** Changed words that decode to a common syllable; breaks ties between the two codes. */
  readonly common: number;
}

/**
 * Frequent syllables of names, places and campaign paperwork. Short legacy words often decode
 * to valid syllables in both codes ("Leâ" is VNI Lê or TCVN3 Leõ); the familiar reading wins.
 */
const COMMON_SYLLABLES = new Set(
  `nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh lương trịnh mai
   tạ quách cao hà đào đoàn vương trương lâm tô thái châu lưu kiều mạc văn thị hữu đức minh
   ngọc thanh quang xuân thu hồng kim bảo gia phương anh tuấn an bình cường dũng hùng hạnh
   hương lan linh nam nga phúc quỳnh sơn tâm thảo trang tú vân yến long huệ nhung thủy thuỷ
   khoa lộc đạt hiếu tuệ quyết ánh giang thắm oanh uyên hải hiền hòa hoà hoa huy khánh khang
   liên loan luân mạnh mỹ nghĩa nhân nhật phong phượng quân quý quế sáng tài tân thắng thành
   thịnh thông thuận thúy thuý tiến toàn trí trung tuyết việt vinh yên duy diệp dung chi chính
   công cúc dân diệu điệp định đông hằng hậu hiệp hiển hoàn học hợp huyền khải khôi kiên lành
   lực mẫn nguyệt nhàn nhi ninh phát quyên sang sinh thạch thi thơ thương tiên tín trinh trọng
   tường vy số tiền đồng ủng hộ xã trấn huyện tỉnh phố ban mặt trận tổ quốc ủy uỷ hội niên
   phụ nữ nông cựu chiến binh trường cơ quan đơn vị tổng cộng ngày tháng năm kế hoạch quỹ vì
   người nghèo lũ lụt bão cứu trợ họ tên địa chỉ ghi chú thôn xóm ấp khu chủ tịch phó bí thư
   cán bộ giáo viên cá doanh nghiệp nhà hảo đã nộp chưa còn lại tỷ lệ mục tiêu kết quả thực
   hiện đợt lần một hai ba bốn sáu bảy tám chín mười trăm nghìn triệu và của các có không`.split(/\s+/),
);

function weighEvidence(text: string, encoding: LegacyEncoding): Evidence {
  let strong = 0;
  let weak = 0;
  let against = 0;
  let common = 0;
  for (const word of text.normalize('NFC').split(WORD_SEPARATORS)) {
    if (word === '') continue;
    const decoded = decodeLegacy(word, encoding);
    if (decoded === word) continue;
    const before = isPlausibleWord(word);
    const after = isPlausibleWord(decoded);
    if (after && !before) {
      if (NEVER_VIETNAMESE.test(word)) strong++;
      else weak++;
    } else if (before && !after) {
      against++;
    }
    if (COMMON_SYLLABLES.has(decoded.toLowerCase())) common++;
  }
  return { strong, weak, against, common };
}

/**
 * Positive when decoding clearly helps: more than twice as many words gained as spoiled.
 * Words that read as Vietnamese either way ("Thò" / "Thị") count for nothing.
 */
function score({ strong, weak, against }: Evidence): number {
  return strong + weak > 2 * against ? 2 * strong + weak - against : 0;
}

/**
 * Guesses the legacy code of a text without a font clue, or undefined for ordinary text.
 * Text with any character no 8-bit code can produce (ơ, ư, ễ…) is already Unicode. Otherwise
 * the text is decoded both ways; a code is chosen when decoding turns words that cannot be
 * Vietnamese into well-formed Vietnamese syllables and spoils few that already were; when both
 * codes do equally well, the one giving more common syllables wins. A remaining tie gives
 * undefined: join the cells of a column to decide for all of them.
 */
export function detectLegacyEncoding(text: string): LegacyEncoding | undefined {
  if (!fitsInBytes(text)) return undefined;
  const tcvn3 = weighEvidence(text, 'tcvn3');
  const vni = weighEvidence(text, 'vni');
  const tcvn3Score = score(tcvn3);
  const vniScore = score(vni);
  if (tcvn3Score > vniScore) return 'tcvn3';
  if (vniScore > tcvn3Score) return 'vni';
  if (tcvn3Score === 0) return undefined;
  if (tcvn3.common > vni.common) return 'tcvn3';
  if (vni.common > tcvn3.common) return 'vni';
  return undefined;
}

/** Decoding would make more Vietnamese words worse than better. */
function spoils({ strong, weak, against }: Evidence): boolean {
  return against > strong + weak;
}

/**
 * Unicode text for a cell that may be legacy-encoded. The font decides first; statistics
 * decide when there is no font clue, and also veto a font clue when decoding would make
 * Vietnamese words worse (Unicode typed into an old template still set in .VnTime).
 * Returns the text unchanged, without `encoding`, when nothing was decoded.
 */
export function repairLegacyText(text: string, font?: string): { text: string; encoding?: LegacyEncoding } {
  if (!fitsInBytes(text)) return { text };
  const clue = encodingFromFont(font);
  let encoding: LegacyEncoding | undefined;
  if (clue && !spoils(weighEvidence(text, clue.encoding))) encoding = clue.encoding;
  else if (!clue) encoding = detectLegacyEncoding(text);
  if (encoding === undefined) return { text };
  const decoded = decodeLegacy(text, encoding, { upper: clue?.upper ?? false });
  return decoded === text ? { text } : { text: decoded, encoding };
}

/**
 * Words that read as Vietnamese minus words that cannot, among words holding a letter beyond ASCII:
 * how Vietnamese a decoded text is. With `legacy`, each line is counted as the TCVN3/VNI repair
 * would leave it, so a text table's candidate encodings are compared as they will finally read.
 */
export function vietnameseWordBalance(text: string, options: { legacy: boolean }): number {
  let balance = 0;
  for (const line of text.split(/\r?\n/)) {
    const readable = options.legacy ? repairLegacyText(line).text : line;
    for (const word of readable.normalize('NFC').split(WORD_SEPARATORS)) {
      if (word === '' || /^[\x00-\x7f]*$/.test(word)) continue;
      balance += isPlausibleWord(word) ? 1 : -1;
    }
  }
  return balance;
}
