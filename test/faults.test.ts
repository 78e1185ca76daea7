/**
 * Faults of the machine and of files in motion (issue 16, point 4), each checked for its exit code,
 * its Vietnamese message and that nothing good was overwritten (`latest`, its files, the store):
 * a list still being copied in, a source replaced or truncated while read or between runs, a full
 * disk, a read-only output folder, a damaged or busy tonghop.sqlite, `history` on read-only media.
 * Disk and read-only faults are real: a small tmpfs in a private mount namespace (test/helpers/faults.ts).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueMessage } from '../src/format/issue-messages.js';
import { SourceError } from '../src/errors/errors.js';
import { readSourceFile } from '../src/intake/read-source.js';
import { resolveLimits } from '../src/intake/read-limits.js';
import { readStable } from '../src/intake/stable-read.js';
import { closeParseWorker } from '../src/intake/xlsx/parse-isolated.js';
import type { Summary } from '../src/model/summary.js';
import { tonghopBuilt } from './helpers/cli.js';
import { cliCommand, copyOutput, faultCampaign, goodState, inPrivateMounts, storeRuns, type GoodState } from './helpers/faults.js';

afterAll(closeParseWorker);

const campaign = faultCampaign('tonghop-faults-');
afterAll(() => rmSync(campaign.dir, { recursive: true, force: true }));
const QUICK = { settleMs: 300, retryWaitMs: 200, attempts: 3 };
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const run = (output: string, extra: string[] = []) => tonghopBuilt(['run', '--config', campaign.config, '--output', output, '--log-format', 'text', ...extra]);
const latestSummary = (output: string): Summary => JSON.parse(readFileSync(path.join(output, 'latest', 'summary.json'), 'utf8')) as Summary;
const NO_STACK = /\n\s+at\s|node:internal|Lỗi không lường trước/;

/** `latest`, its summary and the store's good runs are as they were; no temporary folder is left. */
function expectUntouched(output: string, before: GoodState): void {
  const now = goodState(output);
  expect(now.latest).toBe(before.latest);
  expect(now.summary).toBe(before.summary);
  expect(now.okRuns).toEqual(before.okRuns);
  expect(readdirSync(output).filter((f) => f.startsWith('.tmp-tonghop-'))).toEqual([]);
}

let good: GoodState;
let goodTotal: number;

beforeAll(async () => {
  const first = await run(campaign.output);
  expect(first.code, first.stderr).toBeLessThan(2);
  good = goodState(campaign.output);
  goodTotal = latestSummary(campaign.output).totals.amount;
}, 600_000);

describe('a source that does not hold still is never counted half', () => {
  it('a list appended to while it is read is read again, and past the attempts it is SOURCE_CHANGING', async () => {
    const file = path.join(campaign.dir, 'dang-chep.csv');
    writeFileSync(file, 'STT,Họ và tên,Số tiền\n1,Nguyễn Văn An,100000\n');
    let n = 2;
    const copying = setInterval(() => appendFileSync(file, `${n},Người số ${n++},100000\n`), 40);
    try {
      const error = await readSourceFile(file, 'dang-chep.csv', {}, QUICK).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      const failure = error as SourceError;
      expect(failure.issueCode).toBe('SOURCE_CHANGING');
      const text = issueMessage({ code: 'SOURCE_CHANGING', severity: 'error', params: { ...failure.params }, location: { source: 'dang-chep.csv' } });
      expect(text).toMatch(/^Tệp thay đổi trong lúc đọc \(3 lần, đã chờ khoảng 1 giây\), có thể đang được chép vào hoặc lưu đè/);
    } finally {
      clearInterval(copying);
    }
  }, 60_000);

  it('a list written a moment ago is watched until it settles, then read whole', async () => {
    const file = path.join(campaign.dir, 'vua-luu.csv');
    const half = ['STT,Họ và tên,Số tiền', ...Array.from({ length: 30 }, (_, i) => `${i + 1},Người số ${i + 1},10000`)];
    writeFileSync(file, half.join('\n') + '\n');
    // The second half arrives while the reader waits for the file to settle.
    const rest = setTimeout(() => appendFileSync(file, Array.from({ length: 30 }, (_, i) => `${i + 31},Người số ${i + 31},10000`).join('\n') + '\n'), 300);
    const read = await readSourceFile(file, 'vua-luu.csv', {}, { settleMs: 1500, retryWaitMs: 200, attempts: 3 });
    clearTimeout(rest);
    expect(read.grid.sheets[0]!.rows).toHaveLength(61);
  }, 60_000);

  it('a list replaced while it is parsed is read again: the new file counts, never a mix', async () => {
    const file = path.join(campaign.dir, 'thay-the.csv');
    writeFileSync(file, 'STT,Họ và tên,Số tiền\n1,Bản cũ,100000\n');
    writeFileSync(`${file}.new`, 'STT,Họ và tên,Số tiền\n1,Bản mới,200000\n2,Bản mới 2,300000\n');
    const seen: string[] = [];
    const { bytes, result } = await readStable(file, 'thay-the.csv', resolveLimits(), async (read) => {
      seen.push(read.toString('utf8'));
      if (seen.length === 1) renameSync(`${file}.new`, file); // a unit saving over it, as Excel does
      return read.length;
    }, QUICK);
    expect(seen).toHaveLength(2);
    expect(bytes.toString('utf8')).toContain('Bản mới 2');
    expect(result).toBe(bytes.length);
  });

  it('a list truncated while it is read is read again as it now is', async () => {
    const file = path.join(campaign.dir, 'cat-ngan.csv');
    writeFileSync(file, 'STT,Họ và tên,Số tiền\n1,Nguyễn Văn An,100000\n2,Trần Thị Bình,250000\n');
    let calls = 0;
    const { bytes } = await readStable(file, 'cat-ngan.csv', resolveLimits(), async () => {
      if (++calls === 1) truncateSync(file, 40);
    }, QUICK);
    expect(calls).toBe(2);
    expect(bytes).toHaveLength(40);
  });

  it('a nightly run while a list is being copied in: SOURCE_CHANGING, the last good snapshot stands in, totals unchanged', async () => {
    const half = campaign.csvText.slice(0, Math.floor(campaign.csvText.length / 2));
    writeFileSync(campaign.csv, half);
    let rest = campaign.csvText.slice(half.length);
    // A slow copy: a few bytes every 100 ms, for longer than the reader's three tries.
    const copying = setInterval(() => {
      const chunk = rest.length > 12 ? rest.slice(0, 12) : `${rest}`;
      rest = rest.slice(chunk.length);
      appendFileSync(campaign.csv, chunk || ' ');
    }, 100);
    let result;
    try {
      result = await run(campaign.output);
    } finally {
      clearInterval(copying);
      writeFileSync(campaign.csv, campaign.csvText);
    }
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout + result.stderr).toContain('SOURCE_CHANGING');
    const summary = latestSummary(campaign.output);
    expect(summary.run.id).not.toBe(good.latest);
    const codes = summary.issues.filter((i) => i.source === 'an-hoa.csv').map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['SOURCE_CHANGING', 'SOURCE_STALE']));
    expect(summary.totals.amount).toBe(goodTotal);
  }, 600_000);

  it('a workbook truncated between two runs: SOURCE_CORRUPT, the last good snapshot stands in, totals unchanged', async () => {
    writeFileSync(campaign.xlsx, campaign.xlsxBytes.subarray(0, Math.floor(campaign.xlsxBytes.length / 2)));
    let result;
    try {
      result = await run(campaign.output);
    } finally {
      writeFileSync(campaign.xlsx, campaign.xlsxBytes);
    }
    expect(result.code, result.stderr).toBe(1);
    const summary = latestSummary(campaign.output);
    const codes = summary.issues.filter((i) => i.source === 'an-binh.xlsx').map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['SOURCE_CORRUPT', 'SOURCE_STALE']));
    expect(summary.totals.amount).toBe(goodTotal);
    good = goodState(campaign.output);
  }, 600_000);
});

describe('a damaged or busy tonghop.sqlite', () => {
  it.each([
    ['garbage bytes', (file: string) => writeFileSync(file, Buffer.alloc(65_536, 0x5a))],
    ['truncated', (file: string) => truncateSync(file, 20_000)],
  ])('%s: STORE_CORRUPT, exit 2, the damaged file kept byte for byte, latest untouched', async (name, damage) => {
    const output = copyOutput(campaign.output, path.join(campaign.dir, `out-corrupt-${name.replace(' ', '-')}`));
    const store = path.join(output, 'tonghop.sqlite');
    damage(store);
    const damaged = sha(store);
    const folders = readdirSync(output).sort();
    for (const args of [['run', '--config', campaign.config, '--output', output, '--full'], ['history', '--config', campaign.config, '--output', output]]) {
      const result = await tonghopBuilt(args);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toContain(`Lỗi [STORE_CORRUPT]: Kho dữ liệu ${store} bị hỏng`);
      expect(result.stderr).toContain('Cách xử lý: Làm theo mục "Kho dữ liệu bị hỏng" trong docs/van-hanh.md');
      expect(result.stderr).not.toMatch(NO_STACK);
    }
    expect(sha(store)).toBe(damaged);
    expect(readdirSync(output).sort()).toEqual(folders);
    expect(readlinkSync(path.join(output, 'latest'))).toBe(good.latest);
  }, 600_000);

  it('held by another program: STORE_BUSY, exit 2, nothing written; once released the next run succeeds', async () => {
    const output = copyOutput(campaign.output, path.join(campaign.dir, 'out-busy'));
    const holder = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(path.join(output, 'tonghop.sqlite'))});
      db.exec('BEGIN EXCLUSIVE'); db.prepare("UPDATE runs SET failure = failure").run();
      console.log('held'); setInterval(() => {}, 1000);`], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.on('data', () => resolve()));
    try {
      const result = await run(output, ['--full']);
      expect(result.code, result.stdout + result.stderr).toBe(2);
      expect(result.stderr).toMatch(/Lỗi \[STORE_BUSY\]: Kho dữ liệu .*tonghop\.sqlite đang bị một chương trình khác giữ .* quá 5 giây/);
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.on('exit', resolve));
    expectUntouched(output, good);
    const next = await run(output);
    expect(next.code, next.stdout + next.stderr).toBeLessThan(2);
    expect(storeRuns(output).filter((r) => r.status === 'running')).toEqual([]);
  }, 600_000);
});

describe('the output disk fails', () => {
  /** Copies the good output folder onto a fresh tmpfs (private mount) and runs `inside` there. */
  function onTmpfs(name: string, sizeKb: number, inside: string): { code: number; stdout: string; stderr: string; after: string } {
    const base = path.join(campaign.dir, name);
    const disk = path.join(base, 'disk');
    const after = path.join(base, 'after');
    const shell = inPrivateMounts(`
      DISK='${disk}'
      mkdir -p '${disk}' '${after}'
      mount -t tmpfs -o size=${sizeKb}k tmpfs '${disk}'
      cp -a '${campaign.output}/.' '${disk}/'
      ${inside}
      cp -a '${disk}/.' '${after}/'
      umount '${disk}'
      chown -R ${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0} '${base}'
    `);
    expect(shell.status, shell.stderr).toBe(0);
    const read = (f: string) => (existsSync(path.join(base, f)) ? readFileSync(path.join(base, f), 'utf8') : '');
    return { code: Number(read('code')), stdout: read('stdout'), stderr: read('stderr'), after };
  }
  const runOn = (extra: string) =>
    `${cliCommand(['run', '--config', campaign.config, '--log-format', 'text', '--full'])} --output "$DISK" >"$BASE/stdout" 2>"$BASE/stderr" && echo 0 >"$BASE/code" || echo $? >"$BASE/code"${extra}`;

  it('disk full (ENOSPC on a real tmpfs): DISK_FULL, exit 2, latest and the store intact, no partial run left', () => {
    const base = path.join(campaign.dir, 'full');
    // Filled up to the last 48 KiB: the lock and the store's own pages fit, the printed outputs do not.
    const result = onTmpfs('full', 4096, `BASE='${base}'
      cat /dev/zero > "$DISK/filler" 2>/dev/null || true
      truncate -s -49152 "$DISK/filler"
      ${runOn('\n      rm -f "$DISK/filler"')}`);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^Lỗi \[DISK_FULL\]: Ổ đĩa chứa thư mục kết quả .* đã hết chỗ trống \(hoặc vượt hạn mức\) khi ghi .*; lần chạy dừng lại, latest vẫn là lần chạy trước\./m);
    expect(result.stderr).toContain('Cách xử lý: Giải phóng chỗ trống');
    expect(result.stderr).not.toMatch(NO_STACK);
    expectUntouched(result.after, good);
    expect(existsSync(path.join(result.after, '.tonghop.lock'))).toBe(false);
    expect(readFileSync(path.join(result.after, 'latest', 'index.html'), 'utf8')).toContain('</html>');
  }, 600_000);

  it('read-only output folder (a read-only mount; chmod does not stop root): OUTPUT_READONLY, exit 2; history still reads the store', () => {
    const base = path.join(campaign.dir, 'readonly');
    const result = onTmpfs('readonly', 8192, `BASE='${base}'
      mount -o remount,ro "$DISK"
      ${runOn('')}
      ${cliCommand(['history', '--config', campaign.config])} --output "$DISK" >"$BASE/history" 2>&1 && echo 0 >"$BASE/history-code" || echo $? >"$BASE/history-code"`);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^Lỗi \[OUTPUT_READONLY\]: Không ghi được vào thư mục kết quả .*; lần chạy dừng lại, không thay đổi gì\./m);
    expect(result.stderr).not.toMatch(NO_STACK);
    expectUntouched(result.after, good);
    expect(readFileSync(path.join(base, 'history-code'), 'utf8').trim()).toBe('0');
    expect(readFileSync(path.join(base, 'history'), 'utf8')).toContain(good.latest);
  }, 600_000);
});
