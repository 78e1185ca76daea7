import { describe, expect, it } from 'vitest';
import { foldForMatch, normalizeText } from '../src/format/text.js';

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
