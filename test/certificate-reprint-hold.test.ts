/**
 * Certificates staff can hold and reprint: a row repeated in a commune's CSV gets no certificate
 * until the pair is decided (then both are numbered the next night), `tonghop giay-chung-nhan in`
 * joins exactly the asked certificates with their registered numbers, and `run --full` prints
 * every certificate again under the same numbers.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { reprintCertificates } from '../src/run/reprint-certificates.js';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';
import { openStore } from '../src/store/db.js';
import { DEMO_CONFIG } from './helpers/demo.js';
import { pdfPageSizes, pdfText } from './helpers/poppler.js';

let work: string;
let configPath: string;
let out: string;
const runs: RunResult[] = [];
let pair = '';
let registryBeforeFull: unknown[] = [];

const certDir = (r: RunResult): string => path.join(r.runDir!, 'giay-chung-nhan');
const csvLines = (r: RunResult): string[] => readFileSync(path.join(certDir(r), 'danh-sach.csv'), 'utf8').replace(/\r\n$/, '').split('\r\n');
function registry(): unknown[] {
  const db = openStore(path.join(out, 'tonghop.sqlite'));
  try {
    return db.prepare('SELECT number, donor_key, version, amount, status, replaces_number FROM certificates ORDER BY number').all();
  } finally {
    db.close();
  }
}
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines = { out: [] as string[], err: [] as string[] };
  const code = await main(args, { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) });
  return { code, out: lines.out.join('\n'), err: lines.err.join('\n') };
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tonghop-reprint-'));
  const campaign = path.join(work, 'an-lao');
  cpSync(path.dirname(DEMO_CONFIG), campaign, { recursive: true });
  configPath = path.join(campaign, 'campaign.yaml');
  writeFileSync(configPath, readFileSync(configPath, 'utf8').replace(/^output: .*$/m, 'output: ket-qua'));
  out = path.join(campaign, 'ket-qua');
  // The same line typed twice at the end of a commune's CSV (lines 16 and 17 of the file).
  const line = '15,Phạm Văn Đức,Thôn Đoàn Xá,6.000.000,12/09/2023,\r\n';
  appendFileSync(path.join(campaign, 'submissions', 'xa-truong-thanh.csv'), line + line.replace(/^15/, '16'));
  runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-05T01:00:00Z') }));
  pair = runs[0]!.analysis.consolidation.overlaps!.suspected[0]!.pair;
  // Staff look at both lines and decide they are two donations.
  writeFileSync(path.join(campaign, 'decisions.yaml'), `- pair: ${pair}\n  decision: khác\n  by: Chị Hoa\n`);
  runs.push(await runCampaign({ configPath, mode: 'run', now: new Date('2023-10-06T01:00:00Z') }));
  registryBeforeFull = registry();
  runs.push(await runCampaign({ configPath, mode: 'run', full: true, now: new Date('2023-10-07T01:00:00Z') }));
}, 400_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a suspected pair holds its certificates until staff decide', () => {
  it('the first night numbers neither line, lists both as "Chờ xác nhận" with the pair', () => {
    const s = runs[0]!.summary.certificates!;
    expect(runs[0]!.analysis.consolidation.overlaps!.suspected).toHaveLength(1);
    expect(s.held).toBe(2);
    const held = csvLines(runs[0]!).filter((l) => l.includes('Phạm Văn Đức'));
    expect(held).toHaveLength(2);
    for (const l of held) {
      const cells = l.split(',');
      expect(cells[0]).toBe('');
      expect(cells[4]).toBe('Chờ xác nhận');
      expect(cells[6]).toBe('');
      expect(l).toContain(pair);
      expect(l).toContain('submissions/xa-truong-thanh.csv');
    }
    expect(readdirSync(certDir(runs[0]!)).filter((f) => f.includes('pham-van-duc'))).toEqual([]);
    expect(pdfText(path.join(certDir(runs[0]!), 'in-tat-ca.pdf'))).not.toContain('Phạm Văn Đức');
  });

  it('the night after the decision issues both, with the next numbers, in the new pack', () => {
    const first = runs[0]!.summary.certificates!;
    const s = runs[1]!.summary.certificates!;
    expect(s).toMatchObject({ held: 0, new: 2, total: first.total + 2, printed: 2 });
    const numbers = [first.total + 1, first.total + 2].map((n) => String(n).padStart(4, '0'));
    expect(readdirSync(certDir(runs[1]!)).filter((f) => f.includes('pham-van-duc')).sort()).toEqual(numbers.map((n) => `${n}-pham-van-duc.pdf`));
    const fresh = path.join(certDir(runs[1]!), 'in-moi.pdf');
    expect(pdfPageSizes(fresh)).toHaveLength(2);
    expect(pdfText(fresh)).toContain(`Số: ${numbers[0]}/GCN`);
    expect(pdfPageSizes(path.join(certDir(runs[1]!), 'in-tat-ca.pdf'))).toHaveLength(first.total + 2);
  });
});

describe('tonghop giay-chung-nhan in', () => {
  it('one number: a one-page pack with that registered number', async () => {
    const file = path.join(work, 'mot.pdf');
    const r = await cli(['giay-chung-nhan', 'in', '-c', configPath, '0005/GCN', '-f', file]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('0005/GCN');
    expect(pdfPageSizes(file)).toHaveLength(1);
    expect(pdfText(file)).toContain('Số: 0005/GCN');
  });

  it('several numbers keep the order asked; a unit gets all of its own; --all the whole campaign', async () => {
    const two = path.join(work, 'hai.pdf');
    expect((await cli(['giay-chung-nhan', 'in', '-c', configPath, '12', '3', '-f', two])).code).toBe(0);
    expect(pdfText(two, { first: 1, last: 1 })).toContain('Số: 0012/GCN');
    expect(pdfText(two, { first: 2, last: 2 })).toContain('Số: 0003/GCN');

    const unit = await cli(['giay-chung-nhan', 'in', '-c', configPath, '--unit', 'xa-truong-thanh']);
    expect(unit.code).toBe(0);
    const pack = /vào (.*\.pdf)$/.exec(unit.out)![1]!;
    expect(path.dirname(pack)).toBe(path.join(out, 'in-lai'));
    const ofUnit = csvLines(runs[2]!).filter((l) => l.split(',')[2] === 'Xã Trường Thành');
    expect(ofUnit.length).toBeGreaterThanOrEqual(2);
    expect(pdfPageSizes(pack)).toHaveLength(ofUnit.length);
    expect(pdfText(pack)).toContain('Ông/Bà Phạm Văn Đức');

    const all = path.join(work, 'tat-ca.pdf');
    expect((await cli(['giay-chung-nhan', 'in', '-c', configPath, '--all', '-f', all])).code).toBe(0);
    expect(pdfPageSizes(all)).toHaveLength(runs[2]!.summary.certificates!.total);
  });

  it('its help names the numbers in Vietnamese', async () => {
    const help = await cli(['giay-chung-nhan', 'in', '--help']);
    expect(help.out).toContain('tonghop giay-chung-nhan in [tuỳ chọn] [số...]');
  });

  it('two reprints in the same second get two packs: the earlier one is never replaced', async () => {
    const now = new Date('2023-10-08T02:00:00Z');
    const first = await reprintCertificates({ configPath, numbers: ['5'], now });
    const second = await reprintCertificates({ configPath, numbers: ['12'], now });
    expect(second.pack).not.toBe(first.pack);
    expect(pdfText(first.pack)).toContain('Số: 0005/GCN');
    expect(pdfText(second.pack)).toContain('Số: 0012/GCN');
  });

  it('refuses unknown numbers and mixed choices, without writing anything', async () => {
    const before = existsSync(path.join(out, 'in-lai')) ? readdirSync(path.join(out, 'in-lai')).length : 0;
    const unknown = await cli(['giay-chung-nhan', 'in', '-c', configPath, '9999']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Không có giấy số "9999"');
    const mixed = await cli(['giay-chung-nhan', 'in', '-c', configPath, '5', '--all']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('đúng một cách');
    expect(readdirSync(path.join(out, 'in-lai'))).toHaveLength(before);
  });
});

describe('run --full', () => {
  it('prints every certificate again under its registered number, numbering nothing', () => {
    const s = runs[2]!.summary.certificates!;
    expect(registry()).toEqual(registryBeforeFull);
    expect(s).toMatchObject({ new: 0, replacement: 0, printed: s.total });
    expect(pdfPageSizes(path.join(certDir(runs[2]!), 'in-moi.pdf'))).toHaveLength(s.total);
    expect(pdfText(path.join(certDir(runs[2]!), 'in-moi.pdf'), { first: 1, last: 1 })).toContain('Số: 0001/GCN');
    expect(csvLines(runs[2]!)[1]).toContain(',In lại,');
  });
});
