import { describe, expect, it } from 'vitest';
import { clipText, foldForMatch, normalizeText, PRINTED_NAME_LIMIT } from '../src/format/text.js';

describe('normalizeText', () => {
  it('composes decomposed Vietnamese to NFC', () => {
    const decomposed = 'Nguye\u0302\u0303n Vie\u0323\u0302t';
    const out = normalizeText(decomposed);
    expect(out).toBe('Nguy\u1EC5n Vi\u1EC7t');
    expect(out.length).toBe('Nguyễn Việt'.length);
  });

  it('turns non-breaking and other spaces into plain spaces', () => {
    expect(normalizeText('Hồ\u00A0Chí\u202FMinh')).toBe('Hồ Chí Minh');
  });

  it('collapses line breaks, tabs and repeated spaces and trims', () => {
    expect(normalizeText('  Số tiền\r\n(đồng)\t\t ủng hộ   ')).toBe('Số tiền (đồng) ủng hộ');
  });

  it('drops zero-width spaces', () => {
    expect(normalizeText('Nguyễn\u200BVăn')).toBe('NguyễnVăn');
  });

  it('keeps case, diacritics, punctuation and soft hyphens (TCVN3 ư)', () => {
    expect(normalizeText('Mặt trận Tổ quốc, Việt Nam!')).toBe('Mặt trận Tổ quốc, Việt Nam!');
    expect(normalizeText('M\u00ADêng')).toBe('M\u00ADêng');
  });

  it('returns "" for blank input', () => {
    expect(normalizeText(' \n\t\u00A0')).toBe('');
  });
});

describe('foldForMatch', () => {
  it.each([
    ['Họ và TÊN', 'ho va ten'],
    ['Đoàn Thanh niên', 'doan thanh nien'],
    ['Số tiền (đồng)', 'so tien (dong)'],
    ['  Nguyễn\u00A0Văn\tAn\n', 'nguyen van an'],
    ['ƯỚC TÍNH; Thị trấn An Lão', 'uoc tinh; thi tran an lao'],
    ['Hội Cựu chiến binh', 'hoi cuu chien binh'],
    ['Ðiện Biên', 'dien bien'], // U+00D0 eth typed for Đ
    ['STT', 'stt'],
  ])('%s → %s', (input, expected) => {
    expect(foldForMatch(input)).toBe(expected);
  });

  it('folds every toned letter to its ASCII base', () => {
    const letters = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    expect(foldForMatch(letters)).toBe(
      'a'.repeat(17) + 'e'.repeat(11) + 'i'.repeat(5) + 'o'.repeat(17) + 'u'.repeat(11) + 'y'.repeat(5) + 'd',
    );
    expect(foldForMatch(letters.toUpperCase())).toBe(foldForMatch(letters));
  });

  it('matches NFC and NFD spellings of the same name', () => {
    expect(foldForMatch('Nguyễn Thị Ánh'.normalize('NFD'))).toBe(foldForMatch('Nguyễn Thị Ánh'));
  });
});

describe('clipText', () => {
  it('leaves a name within the limit as it is', () => {
    const name = 'Công ty TNHH Thương mại và Dịch vụ Vận tải Hoàng Long';
    expect(clipText(name)).toBe(name);
    expect(clipText('x'.repeat(PRINTED_NAME_LIMIT))).toBe('x'.repeat(PRINTED_NAME_LIMIT));
  });

  it('cuts a long name at a space near the limit and ends it with "…"', () => {
    const clipped = clipText('Nguyễn Văn Trường '.repeat(600).trim());
    expect(Array.from(clipped).length).toBeLessThanOrEqual(PRINTED_NAME_LIMIT);
    expect(clipped).toMatch(/^Nguyễn Văn Trường .*[^ ]…$/);
    expect(clipped.slice(0, -1).split(' ').every((w) => ['Nguyễn', 'Văn', 'Trường'].includes(w))).toBe(true);
  });

  it('cuts a word with no space at the limit, never inside a letter outside the BMP', () => {
    expect(clipText('Ư'.repeat(10_000))).toBe(`${'Ư'.repeat(PRINTED_NAME_LIMIT - 1)}…`);
    const emoji = clipText('😀'.repeat(200), 10);
    expect(emoji).toBe(`${'😀'.repeat(9)}…`);
  });
});
