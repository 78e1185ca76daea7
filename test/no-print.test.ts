/**
 * `run --no-print`: every output but the PDFs, no browser; the figures are those of a run that
 * prints (the demo's expected totals), and the JSON log names each writing step (the province bench
 * times them).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tonghop } from './helpers/cli.js';
import { DEMO_CONFIG, demoExpected } from './helpers/demo.js';

let out: string;
let result: Awaited<ReturnType<typeof tonghop>>;
let runDir: string;

/** Every file under dir, relative. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'tonghop-no-print-'));
  result = await tonghop(['run', '--config', DEMO_CONFIG, '--output', out, '--no-print', '--log-format', 'json']);
  runDir = path.join(out, 'latest');
}, 900_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('tonghop run --no-print on the demo campaign', () => {
  it('exits 1 (the demo has data issues) and writes every output except the PDFs', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const files = filesUnder(runDir);
    expect(files.filter((f) => f.endsWith('.pdf'))).toEqual([]);
    for (const f of ['summary.json', 'issues.csv', 'phu-luc-tong-hop.xlsx', 'bao-cao-tong-hop.docx', 'index.html', 'run.log']) expect(files).toContain(f);
  });

  it('has the figures a printing run has', () => {
    const summary = JSON.parse(readFileSync(path.join(runDir, 'summary.json'), 'utf8')) as { totals: { amount: number; donors: number } };
    expect(summary.totals.amount).toBe(demoExpected().total.amount);
    expect(summary.totals.donors).toBe(demoExpected().total.donors);
  });

  it('says it printed nothing, and logs each writing step as a JSON event', () => {
    const records = result.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event?: string; step?: string; msg: string });
    expect(records.filter((r) => r.event === 'step').map((r) => r.step)).toEqual(['issues', 'report', 'annex', 'feedback', 'summary', 'dashboard', 'store']);
    expect(records.some((r) => r.msg.includes('--no-print'))).toBe(true);
  });

  it('a rerun with nothing changed reuses those files and issues no certificate (no browser needed)', async () => {
    const again = await tonghop(['run', '--config', DEMO_CONFIG, '--output', out, '--no-print', '--log-format', 'text']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Không có gì thay đổi so với lần chạy');
    expect(filesUnder(path.join(out, 'latest')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  }, 120_000);
});
