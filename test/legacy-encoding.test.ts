import { describe, expect, it } from 'vitest';
import { TCVN3_TABLE } from '../src/extract/legacy/tcvn3-table.js';
import { VNI_LOWER_TABLE, VNI_UPPER_TABLE } from '../src/extract/legacy/vni-table.js';
import {
  decodeLegacy,
  detectLegacyEncoding,
  encodeLegacy,
  encodingFromFont,
  repairLegacyText,
} from '../src/extract/legacy-encoding.js';

/** The 67 lower-case Vietnamese letters with a diacritic, đ included. */
const LOWER_LETTERS = [
  ...'áàảãạ', ...'ăắằẳẵặ', ...'âấầẩẫậ',
  ...'éèẻẽẹ', ...'êếềểễệ',
  ...'íìỉĩị',
  ...'óòỏõọ', ...'ôốồổỗộ', ...'ơớờởỡợ',
  ...'úùủũụ', ...'ưứừửữự',
  ...'ýỳỷỹỵ',
  'đ',
];
const UPPER_LETTERS = LOWER_LETTERS.map((letter) => letter.toUpperCase());
const TCVN3_OWN_CAPITALS = [...'ĂÂÊÔƠƯĐ'];

describe('code tables', () => {
  it('TCVN3 has one byte per lower-case letter plus the seven capitals', () => {
    expect(LOWER_LETTERS).toHaveLength(67);
    expect(TCVN3_TABLE).toHaveLength(74);
    expect(new Set(TCVN3_TABLE.map(([byte]) => byte)).size).toBe(74);
    expect(new Set(TCVN3_TABLE.map(([, letter]) => letter))).toEqual(new Set([...LOWER_LETTERS, ...TCVN3_OWN_CAPITALS]));
  });

  // Bytes checked against two public converters and DOMAIN.md §5.
  it.each([
    [0xa7, 'Đ'], [0xa8, 'ă'], [0xad, 'ư'], [0xae, 'đ'], [0xb5, 'à'], [0xb8, 'á'], [0xc6, 'ặ'],
    [0xcb, 'ậ'], [0xd0, 'é'], [0xd6, 'ệ'], [0xdc, 'ĩ'], [0xe3, 'ó'], [0xe8, 'ố'], [0xf5, 'ừ'], [0xfe, 'ỵ'],
  ])('TCVN3 byte %s is %s', (byte, letter) => {
    expect(decodeLegacy(String.fromCharCode(byte), 'tcvn3')).toBe(letter);
  });

  it('VNI lists every letter once in each case', () => {
    expect(VNI_LOWER_TABLE.map(([, letter]) => letter).sort()).toEqual([...LOWER_LETTERS].sort());
    expect(VNI_UPPER_TABLE.map(([, letter]) => letter).sort()).toEqual([...UPPER_LETTERS].sort());
  });

  it.each([
    ['aù', 'á'], ['aê', 'ă'], ['aâ', 'â'], ['aë', 'ặ'], ['oâ', 'ô'], ['ô', 'ơ'], ['ö', 'ư'], ['ó', 'ĩ'],
    ['î', 'ỵ'], ['ñ', 'đ'], ['Ñ', 'Đ'], ['AÙ', 'Á'], ['OÄ', 'Ộ'], ['Î', 'Ỵ'], ['ÖØ', 'Ừ'],
  ])('VNI %s is %s', (vni, letter) => {
    expect(decodeLegacy(vni, 'vni')).toBe(letter);
  });
});

describe('DOMAIN.md §5 examples', () => {
  it.each([
    ['Mặt trận Tổ quốc Việt Nam', 'MÆt trËn Tæ quèc ViÖt Nam'],
    ['Điện Biên', '§iÖn Biªn'],
    ['Họ và tên', 'Hä vµ tªn'],
    ['Mường', 'M\u00ADêng'],
  ])('TCVN3 %s ⇄ %s', (unicode, legacy) => {
    expect(decodeLegacy(legacy, 'tcvn3')).toBe(unicode);
    expect(encodeLegacy(unicode, 'tcvn3')).toBe(legacy);
  });

  it.each([
    ['Việt Nam', 'Vieät Nam'],
    ['Điện Biên', 'Ñieän Bieân'],
    ['Hồ Chí Minh', 'Hoà Chí Minh'],
    ['Sơn', 'Sôn'],
    ['người được', 'ngöôøi ñöôïc'],
    ['quốc', 'quoác'],
  ])('VNI %s ⇄ %s', (unicode, legacy) => {
    expect(decodeLegacy(legacy, 'vni')).toBe(unicode);
    expect(encodeLegacy(unicode, 'vni')).toBe(legacy);
  });
});

describe('round trip over every toned letter', () => {
  it.each(LOWER_LETTERS)('TCVN3 %s', (letter) => {
    const legacy = encodeLegacy(letter, 'tcvn3');
    expect(legacy).toHaveLength(1); // ý (0xFD) is the one letter that is its own byte
    expect(decodeLegacy(legacy, 'tcvn3')).toBe(letter);
  });

  it('TCVN3 gives every lower-case letter its own byte', () => {
    expect(new Set(LOWER_LETTERS.map((letter) => encodeLegacy(letter, 'tcvn3'))).size).toBe(67);
  });

  it.each(UPPER_LETTERS)('TCVN3 capital %s', (capital) => {
    const legacy = encodeLegacy(capital, 'tcvn3');
    if (TCVN3_OWN_CAPITALS.includes(capital)) {
      expect(decodeLegacy(legacy, 'tcvn3')).toBe(capital);
    } else {
      // No byte of its own: written with the lower-case byte, read back in a capitals font.
      expect(legacy).toBe(encodeLegacy(capital.toLowerCase(), 'tcvn3'));
      expect(decodeLegacy(legacy, 'tcvn3', { upper: true })).toBe(capital);
    }
  });

  it.each([...LOWER_LETTERS, ...UPPER_LETTERS])('VNI %s', (letter) => {
    const legacy = encodeLegacy(letter, 'vni');
    expect(legacy.length).toBeGreaterThanOrEqual(1);
    expect(legacy.length).toBeLessThanOrEqual(2);
    expect(decodeLegacy(legacy, 'vni')).toBe(letter);
  });

  it('round-trips whole sentences in both codes', () => {
    const sentence = 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện An Lão: ủng hộ Quỹ "Vì người nghèo" năm 2023.';
    expect(decodeLegacy(encodeLegacy(sentence, 'vni'), 'vni')).toBe(sentence);
    const lower = sentence.toLowerCase();
    expect(decodeLegacy(encodeLegacy(lower, 'tcvn3'), 'tcvn3')).toBe(lower);
  });
});

describe('decodeLegacy details', () => {
  it('upper-cases text from a TCVN3 capitals font', () => {
    expect(decodeLegacy('HäC SINH', 'tcvn3', { upper: true })).toBe('HỌC SINH');
    expect(decodeLegacy('DANH S¸CH ñNG Hé', 'tcvn3', { upper: true })).toBe('DANH SÁCH ỦNG HỘ');
    expect(encodeLegacy('HỌC SINH', 'tcvn3')).toBe('HäC SINH');
  });

  it('reads capitals in VNI, including a capital with a lower-case mark', () => {
    expect(decodeLegacy('NGUYEÃN VAÊN AN', 'vni')).toBe('NGUYỄN VĂN AN');
    expect(decodeLegacy('Aùnh', 'vni')).toBe('Ánh');
  });

  it('leaves Windows-1252 punctuation and unmapped bytes alone, in either reading of 0x80–0x9F', () => {
    expect(decodeLegacy('“Hä” – 10%', 'tcvn3')).toBe('“Họ” – 10%');
    expect(decodeLegacy('Hä\u0096vµ', 'tcvn3')).toBe('Họ\u0096và');
    expect(decodeLegacy('€ ƒ … Š', 'vni')).toBe('€ ƒ … Š');
  });

  it('accepts decomposed legacy text', () => {
    expect(decodeLegacy('Hä vµ tªn'.normalize('NFD'), 'tcvn3')).toBe('Họ và tên');
    expect(decodeLegacy('Vieät'.normalize('NFD'), 'vni')).toBe('Việt');
  });

  it('returns NFC', () => {
    const out = decodeLegacy('NguyÔn', 'tcvn3');
    expect(out).toBe('Nguyễn');
    expect(out.normalize('NFC')).toBe(out);
  });
});

describe('encodingFromFont', () => {
  it.each([
    ['.VnTime', { encoding: 'tcvn3', upper: false }],
    ['.VnArial', { encoding: 'tcvn3', upper: false }],
    ['.VnArial Narrow', { encoding: 'tcvn3', upper: false }],
    ['.VnTimeH', { encoding: 'tcvn3', upper: true }],
    ['.VnArialH', { encoding: 'tcvn3', upper: true }],
    ['.vntimeh', { encoding: 'tcvn3', upper: true }],
    ['.VNTIME', { encoding: 'tcvn3', upper: false }],
    [' .VnTime ', { encoding: 'tcvn3', upper: false }],
    ['VNI-Times', { encoding: 'vni', upper: false }],
    ['VNI-Helve', { encoding: 'vni', upper: false }],
    ['vni-times', { encoding: 'vni', upper: false }],
  ])('%s', (font, expected) => {
    expect(encodingFromFont(font)).toEqual(expected);
  });

  it.each([undefined, '', 'Times New Roman', 'Arial', 'Calibri', 'VnTime', 'Vni'])('%s is no clue', (font) => {
    expect(encodingFromFont(font)).toBeUndefined();
  });
});

describe('detectLegacyEncoding', () => {
  it.each([
    'MÆt trËn Tæ quèc ViÖt Nam',
    '§iÖn Biªn',
    'Hä vµ tªn',
    'NguyÔn V¨n An',
    'TrÇn ThÞ BÝch',
    'M\u00ADêng Kh\u00AD¬ng',
    'HäC SINH',
    'Sè tiÒn (®)',
    '500.000®',
    'NguyÔn V¨n An – Hµ Néi',
    'Uû ban nh©n d©n x· An Th¾ng',
  ])('TCVN3: %s', (text) => {
    expect(detectLegacyEncoding(text)).toBe('tcvn3');
  });

  it.each([
    'Vieät Nam',
    'Ñieän Bieân',
    'Nguyeãn Vaên An',
    'Nguyeãn Thò Nhung',
    'Leâ Thò Lan', // both codes read valid syllables; the familiar reading decides
    'Ngaøy giaù trò',
    'NGUYEÃN VAÊN AN',
    'Maët traän Toå quoác Vieät Nam',
  ])('VNI: %s', (text) => {
    expect(detectLegacyEncoding(text)).toBe('vni');
  });

  it.each([
    'Nguyễn Văn Á',
    'Thị trấn An Lão',
    'Hồ Chí Minh',
    'Số tiền (đồng)',
    'Điện Biên',
    'Total amount',
    'Nguyen Van An',
    '12.345.000',
    '',
    'café',
    'José María',
    'Müller',
    'Tây Ninh',
    'Cà Mau',
    'Lê Hà',
    'Phú Yên',
    'Kiên Giang',
    'TÂY NINH',
  ])('not legacy: %s', (text) => {
    expect(detectLegacyEncoding(text)).toBeUndefined();
  });

  // Given-name columns hold one syllable per cell; a valid Unicode syllable must never be "repaired".
  const LATIN1_NAMES = 'An Bé Bình Cúc Dân Hà Hòa Hân Lài Mến Nhàn Phú Tâm Tân Tú Vân Xuân Yên Thành Trà Hoài Tài Sáng Tín Lý Mai Châu Thái Khánh Oanh Uyên';
  it.each(LATIN1_NAMES.split(' '))('not legacy: given name %s', (name) => {
    expect(detectLegacyEncoding(name)).toBeUndefined();
    expect(detectLegacyEncoding(name.toUpperCase())).toBeUndefined();
  });

  it('is not legacy when all those names stand in one text', () => {
    expect(detectLegacyEncoding(LATIN1_NAMES)).toBeUndefined();
  });
});

describe('repairLegacyText', () => {
  it('decodes by statistics when there is no font', () => {
    expect(repairLegacyText('NguyÔn V¨n An')).toEqual({ text: 'Nguyễn Văn An', encoding: 'tcvn3' });
    expect(repairLegacyText('Nguyeãn Vaên An')).toEqual({ text: 'Nguyễn Văn An', encoding: 'vni' });
  });

  it('follows the font first', () => {
    expect(repairLegacyText('HäC SINH', '.VnTimeH')).toEqual({ text: 'HỌC SINH', encoding: 'tcvn3' });
    // "Thò" alone is a Unicode word too; only the font says it is VNI ị.
    expect(repairLegacyText('Thò', 'VNI-Times')).toEqual({ text: 'Thị', encoding: 'vni' });
    expect(repairLegacyText('dòng', '.VnTime')).toEqual({ text: 'dũng', encoding: 'tcvn3' });
  });

  it('returns Unicode text unchanged and without encoding', () => {
    const result = repairLegacyText('Nguyễn Văn Á');
    expect(result).toEqual({ text: 'Nguyễn Văn Á' });
    expect('encoding' in result).toBe(false);
    expect(repairLegacyText('Số tiền (đồng)', '.VnTime')).toEqual({ text: 'Số tiền (đồng)' });
  });

  it('keeps Unicode typed into an old .VnTime template', () => {
    expect(repairLegacyText('Tây Ninh', '.VnTime')).toEqual({ text: 'Tây Ninh' });
  });

  it('reports no encoding when decoding changes nothing', () => {
    expect(repairLegacyText('STT', '.VnTime')).toEqual({ text: 'STT' });
    expect(repairLegacyText('12.345.000')).toEqual({ text: '12.345.000' });
  });
});
