import { describe, expect, it } from 'vitest';
import { amountRoleFromText, buildAliasTable, matchHeader, statusFromText } from '../src/extract/columns.js';
import { isExactTotalLabel, totalKind } from '../src/extract/row-kinds.js';
import { unitDeclaredIn } from '../src/extract/unit-of-measure.js';

describe('a unit of measure declared in a line of text', () => {
  it.each([
    ['ĐVT: 1.000 đồng', 1000],
    ['ĐVT:1000đ', 1000],
    ['Đơn vị tính: nghìn đồng', 1000],
    ['Đơn vị tính: Ngàn đồng', 1000],
    ['(Đơn vị: nghìn đồng)', 1000],
    ['Đơn vị tính: 1.000 VNĐ', 1000],
    ['DANH SÁCH ỦNG HỘ (ĐVT: triệu đồng)', 1_000_000],
    ['Số tiền tính bằng triệu đồng', 1_000_000],
    ['Danh sách ủng hộ (1.000đ)', 1000],
    ['ĐVT: đồng', 1],
    ['Đơn vị tính: VNĐ', 1],
  ])('%s → %d', (text, scale) => {
    expect(unitDeclaredIn(text)).toBe(scale);
  });

  it.each(['Đơn vị: Ngân hàng Nông nghiệp xã Hòa Bình', 'Đơn vị: Trường THCS Đồng Tâm', 'DANH SÁCH ỦNG HỘ QUỸ VÌ NGƯỜI NGHÈO', 'Nộp 1.000 đồng'])(
    '%s declares nothing',
    (text) => expect(unitDeclaredIn(text)).toBeUndefined(),
  );
});

describe('sub-columns under a merged money header', () => {
  it.each([
    ['Cộng', 'total'],
    ['Tổng số', 'total'],
    ['Chưa nộp', 'outstanding'],
    ['Còn nợ', 'outstanding'],
    ['Đã nộp', 'part'],
    ['Tiền mặt', 'part'],
    ['Thôn Đông', 'part'],
  ])('%s is %s', (text, role) => expect(amountRoleFromText(text)).toBe(role));

  it('"Chuyển khoản" is a way of paying, "Đã chuyển" a stage; "Chưa nộp" is unpaid, "Chưa rõ" unknown', () => {
    expect(statusFromText('Số tiền Chuyển khoản')).toBeUndefined();
    expect(statusFromText('Đã chuyển')).toBe('transferred');
    expect(statusFromText('Đã chuyển khoản')).toBe('paid');
    expect(statusFromText('Đã CK')).toBe('paid');
    expect(statusFromText('Chưa chuyển khoản')).toBe('pledged');
    expect(statusFromText('Số tiền Chưa nộp')).toBe('pledged');
    expect(statusFromText('Chưa rõ')).toBe('unstated');
  });
});

describe('a header beginning with "Tên"', () => {
  const field = (label: string) => matchHeader(label, buildAliasTable())?.field;
  it('names donors when it names an organisation, a place when it names a place', () => {
    expect(field('Tên cơ quan, đơn vị')).toBe('name');
    expect(field('Tên tổ chức')).toBe('name');
    expect(field('Tên thôn')).toBe('address');
    expect(field('Tên thôn, tổ dân phố')).toBe('address');
    expect(field('Tên xóm')).toBe('address');
    expect(field('Tên đơn vị công tác')).toBe('address');
    expect(field('Họ và tên')).toBe('name');
  });
});

describe('rows that are totals', () => {
  it.each([
    ['Cộng trang', 'sub'],
    ['Cộng thôn 1', 'sub'],
    ['Cộng dồn', 'running'],
    ['Lũy kế', 'running'],
    ['Cong don', 'running'],
    ['Tổng cộng (I+II)', 'grand'],
    ['TONG CONG', 'grand'],
    ['Cong trang', 'sub'],
  ])('%s is a %s total', (label, kind) => expect(totalKind(label)).toBe(kind));

  it.each(['Tống Văn Hùng', 'Tong Van Hung', 'Cong Van Minh', 'Công ty TNHH Hòa Phát'])('%s is a donor', (label) => expect(totalKind(label)).toBeUndefined());
  // A total naming its place stays a total even when its figure disagrees with the rows above.
  it.each(['Tổng cộng xã An Thọ', 'Cộng phường 2', 'Tổng cộng đơn vị', 'Tổng cộng toàn xã'])('%s is a total label whatever its figure', (label) => expect(isExactTotalLabel(label)).toBe(true));
  it.each(['Tổng đội 3', 'Cộng đồng dân cư thôn 1', 'Tổng công ty Điện lực'])('%s may be a donor', (label) => expect(isExactTotalLabel(label)).toBe(false));
});
