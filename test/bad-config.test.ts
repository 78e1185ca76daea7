/**
 * Broken campaign.yaml files (issue 16): each is refused by `run` and by `validate` alike, with exit
 * code 2, a Vietnamese message that says where, and nothing written (no output folder at all).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const exec = promisify(execFile);

const GOOD = `campaign:
  title: "Kết quả vận động"
  purpose: "ủng hộ làm nhà đại đoàn kết"
  plan: { number: "50/KH-MTTQ-BTT", date: "2023-08-01" }
  period: { from: "2023-08-01", to: "2023-09-30" }
  deadline: "2023-10-05"
issuer:
  parents: ["ỦY BAN MTTQ VIỆT NAM"]
  body: "BAN THƯỜNG TRỰC"
  place: "An Lão"
  signer: { title: "CHỦ TỊCH", name: "Nguyễn Thị Nhung" }
report:
  number: "62/BC-MTTQ-BTT"
  recipients: ["Ban Thường trực"]
units:
  - id: xa-an-hoa
    name: "Xã An Hòa"
    kind: commune
    sources: ["an-hoa.csv"]
`;

const ALIAS_BOMB = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

type Case = { name: string; yaml: string; files?: Record<string, string>; message: RegExp };

const CASES: Case[] = [
  { name: 'YAML syntax error', yaml: GOOD.replace('title: "Kết quả vận động"', 'title: "Kết quả vận động'), message: /lỗi cú pháp:\s+campaign\.yaml:\d+:\d+: /s },
  { name: 'wrong type', yaml: GOOD.replace('deadline: "2023-10-05"', 'deadline: 5'), message: /campaign\.yaml:6: campaign\.deadline: /s },
  { name: 'unknown key', yaml: `${GOOD}colour: red\n`, message: /campaign\.yaml:\d+: .*Khóa không được nhận dạng: "colour"/s },
  { name: 'duplicate unit ids', yaml: `${GOOD}  - id: xa-an-hoa\n    name: "Xã An Hòa 2"\n    kind: commune\n`, message: /mã đơn vị "xa-an-hoa" bị trùng/ },
  { name: 'reversed campaign period', yaml: GOOD.replace('to: "2023-09-30"', 'to: "2023-07-01"'), message: /campaign\.yaml:5: campaign\.period\.to: ngày kết thúc 2023-07-01 trước ngày bắt đầu 2023-08-01/s },
  { name: 'YAML alias bomb', yaml: ALIAS_BOMB, message: /campaign\.yaml/ },
  { name: 'unknown reader limit', yaml: `${GOOD}limits: { maxCells: 5 }\n`, message: /limits/ },
  { name: 'missing narrative file', yaml: GOOD.replace('  recipients:', '  narrative: { direction: "khong-co.md" }\n  recipients:'), message: /khong-co\.md.*report\.narrative/s },
  { name: 'missing templates folder', yaml: `${GOOD}templates: mau-rieng\n`, message: /\[TEMPLATES_FOLDER_INVALID\]: Thư mục mẫu "mau-rieng" \(templates\) không có/ },
  {
    // Bounded and fast: the glob is counted before anything is read, and refused with its line.
    name: 'a glob matching thousands of files',
    yaml: GOOD.replace('sources: ["an-hoa.csv"]', 'sources: ["nop/**/*.csv"]'),
    files: Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`nop/${i % 10}/${i}.csv`, 'STT,Họ và tên,Số tiền\n'])),
    message: /\[SOURCES_TOO_MANY\]: campaign\.yaml:19: units\.sources: mẫu "nop\/\*\*\/\*\.csv" của Xã An Hòa khớp 2\.?500 tệp, quá 2\.?000 tệp \(limits\.maxFilesPerPattern\); chưa đọc tệp nào\./,
  },
  {
    name: 'invalid template override',
    yaml: `${GOOD}templates: mau-rieng\n`,
    files: { 'mau-rieng/report.hbs': '<h1>{{#if campaign}}chưa đóng</h1>\n' },
    message: /Mẫu riêng của đợt vận động \(templates: mau-rieng\) có lỗi:.*report\.hbs/s,
  },
];

async function tonghop(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a broken campaign.yaml is refused, located, in Vietnamese, with nothing written', () => {
  it.each(CASES)('$name', async ({ yaml, files, message }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-badcfg-'));
    writeFileSync(path.join(dir, 'campaign.yaml'), yaml);
    writeFileSync(path.join(dir, 'an-hoa.csv'), 'STT,Họ và tên,Số tiền\n1,Nguyễn Văn An,200000\n');
    for (const [name, text] of Object.entries(files ?? {})) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    for (const command of ['validate', 'run']) {
      const result = await tonghop([command, '--config', 'campaign.yaml'], dir);
      expect(result.code, `${command}: ${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at\s|node:internal/);
      expect(existsSync(path.join(dir, 'output')), `${command} wrote an output folder`).toBe(false);
    }
  }, 60_000);
});
