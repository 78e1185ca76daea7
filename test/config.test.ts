import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { ConfigError } from '../src/errors/errors.js';

const minimal = `
campaign:
  title: "Kết quả vận động"
  purpose: "ủng hộ"
  plan: { number: "50/KH-MTTQ-BTT", date: 01/08/2023 }
  period: { from: 2023-08-01, to: 2023-09-30 }
  deadline: 2023-10-05
issuer:
  parents: ["ỦY BAN MTTQ VIỆT NAM"]
  body: "BAN THƯỜNG TRỰC"
  place: "An Lão"
  signer: { title: "CHỦ TỊCH", name: "Nguyễn Thị Nhung" }
report:
  number: "62/BC-MTTQ-BTT"
  recipients: ["Ban Thường trực"]
units:
  - id: xa-bat-trang
    name: "Xã Bát Trang"
    code: 11632
    kind: commune
    sources: ["a.xlsx", { path: "b.xlsx", sheet: "DS", range: "A5:H200" }]
`;

describe('campaign config', () => {
  it('accepts Vietnamese and ISO dates and fills defaults', () => {
    const config = parseConfig(minimal, 'campaign.yaml');
    expect(config.campaign.plan.date).toBe('2023-08-01');
    expect(config.units[0]!.code).toBe('11632');
    expect(config.units[0]!.sources).toEqual([
      { type: 'file', path: 'a.xlsx' },
      { type: 'file', path: 'b.xlsx', sheet: 'DS', range: 'A5:H200' },
    ]);
    expect(config.groups.map((g) => g.label)).toEqual(['Các quận, huyện', 'Các xã, phường, thị trấn', 'Các tổ chức thành viên, cơ quan, đơn vị']);
    expect(config.report.kind).toBe('BÁO CÁO');
  });

  it('names the file, line and field of every mistake', () => {
    const broken = minimal.replace('deadline: 2023-10-05', 'deadline: 31/02/2023').replace('kind: commune', 'kind: village');
    let error: unknown;
    try {
      parseConfig(broken, 'campaign.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Tệp cấu hình không hợp lệ:\n/);
    expect(message).toMatch(/campaign\.yaml:7: campaign\.deadline: cần một ngày dạng 2023-10-05 hoặc 05\/10\/2023, nhận được "31\/02\/2023"/);
    expect(message).toMatch(/campaign\.yaml:20: units\.0\.kind: Tùy chọn không hợp lệ: mong đợi một trong các giá trị "district"/);
  });

  it('names an unknown key at its own line, in Vietnamese', () => {
    const typo = minimal.replace('deadline: 2023-10-05', 'deadline: 2023-10-05\n  dedline: 2023-10-06');
    expect(() => parseConfig(typo, 'campaign.yaml')).toThrow(/campaign\.yaml:8: campaign: Khóa không được nhận dạng: "dedline"/);
  });

  it('words YAML mistakes for people who edit in Notepad', () => {
    expect(() => parseConfig('campaign:\n  title: a\n  title: b\n', 'c.yaml')).toThrow(/c\.yaml:3:\d+: khoá bị lặp lại/);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(() => parseConfig('campaign: [\n  oops', 'x.yaml')).toThrow(/Tệp cấu hình có lỗi cú pháp:\n  x\.yaml:\d+:\d+: /);
  });

  it('rejects duplicate unit ids', () => {
    const dup = minimal + `  - id: xa-bat-trang\n    name: "Khác"\n    kind: commune\n`;
    expect(() => parseConfig(dup, 'c.yaml')).toThrow(/units\.1\.id: mã đơn vị "xa-bat-trang" bị trùng/);
  });
});
