/**
 * Nightly operation as cron runs it: the built CLI, one output folder, a run killed half-way,
 * a second run refused by the lock, history and diff, and the built-in scheduler.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/nightly/lock.js';
import { BUILT_CLI, tonghop, tonghopBuilt } from './helpers/cli.js';
import { copyDemo } from './helpers/nightly.js';

const CLI = BUILT_CLI;
const ENV = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'nightly-cli-test' };

const demo = copyDemo('tonghop-nightly-cli-');
afterAll(() => rmSync(demo.dir, { recursive: true, force: true }));

/** In process through main(argv, io), with the code fingerprint pinned. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => tonghop(args, { TONGHOP_CODE_FINGERPRINT: 'nightly-cli-test', ...env });

const runArgs = () => ['run', '--config', demo.config, '--output', demo.output];
const latest = () => readlinkSync(path.join(demo.output, 'latest'));
const temps = () => readdirSync(demo.output).filter((f) => f.startsWith('.tmp-'));

/** Resolves once the child has printed `marker` (its log is JSON lines: it is not a terminal). */
function waitFor(child: ChildProcess, marker: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms; output so far:\n${seen}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(marker)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (!seen.includes(marker)) reject(new Error(`exited before "${marker}":\n${seen}`));
    });
  });
}

let firstRun: string;

beforeAll(async () => {
  const first = await tonghop(runArgs());
  expect(first.code, first.stderr).toBe(1);
  firstRun = latest();
}, 120_000);

describe('a run killed half-way, and a second run while one is going', () => {
  let paused: ChildProcess;
  let refused: Awaited<ReturnType<typeof tonghop>>;
  let next: Awaited<ReturnType<typeof tonghop>>;

  beforeAll(async () => {
    paused = spawn(process.execPath, [CLI, ...runArgs()], { env: { ...ENV, TONGHOP_TEST_PAUSE_BEFORE: 'render' }, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitFor(paused, 'TONGHOP_TEST_PAUSED render');
  }, 90_000);

  it('the paused run holds the lock and has its temporary folder, latest untouched', () => {
    const lock = JSON.parse(readFileSync(path.join(demo.output, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: paused.pid, command: 'run' });
    expect(temps()).toHaveLength(1);
    expect(latest()).toBe(firstRun);
  });

  it('a second run at the same time is refused with exit code 2 and a clear message', async () => {
    refused = await tonghop(runArgs());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/LOCKED/);
    expect(refused.stderr).toContain('đang có một lần chạy khác');
    expect(refused.stderr).toContain(`tiến trình ${paused.pid}`);
    expect(latest()).toBe(firstRun);
  }, 60_000);

  it('killed with SIGKILL while printing, it leaves latest and the earlier run intact', async () => {
    const exited = new Promise((resolve) => paused.on('exit', resolve));
    paused.kill('SIGKILL');
    await exited;
    expect(latest()).toBe(firstRun);
    expect(existsSync(path.join(demo.output, firstRun, 'bao-cao-tong-hop.pdf'))).toBe(true);
    expect(existsSync(path.join(demo.output, LOCK_FILE))).toBe(true); // the killed run could not clean up
  });

  it('the next run clears the stale lock and the half-written folder, and succeeds', async () => {
    next = await tonghop(runArgs());
    expect(next.code, next.stderr).toBe(1);
    expect(next.stdout).toContain('Đã gỡ khóa của một lần chạy bị dừng giữa chừng');
    expect(latest()).not.toBe(firstRun);
    expect(temps()).toEqual([]);
    expect(existsSync(path.join(demo.output, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('logs JSON lines when not on a terminal, and keeps them in run.log', () => {
    const lines = next.stdout.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string; event?: string });
    expect(lines.find((l) => l.event === 'summary')?.msg).toMatch(/^Tổng cộng 957\.068\.000 đồng/);
    const log = readFileSync(path.join(demo.output, 'latest', 'run.log'), 'utf8').trim().split('\n');
    expect(log.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain(lines.find((l) => l.event === 'summary')!.msg);
  });

  it('history lists every run, the killed one as failed', async () => {
    const history = await cli(['history', '--config', demo.config, '--output', demo.output]);
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Lần chạy\s+Trạng thái\s+Tổng tiền \(đồng\)\s+Lượt\s+Lỗi\s+Cảnh báo\s+Thời gian/);
    expect(lines).toHaveLength(1 + 3);
    expect(lines[1]).toMatch(new RegExp(`^${latest()}\\s+xong\\s+957\\.068\\.000\\s+416\\s+3\\s+\\d+\\s+\\d+,\\d s\\s+không đổi, dùng lại kết quả ${firstRun}`));
    expect(lines[2]).toMatch(/thất bại.*bị dừng giữa chừng/);
    expect(lines[3]).toMatch(new RegExp(`^${firstRun}\\s+xong\\s+957\\.068\\.000`));
  });

  it('diff compares two stored runs', async () => {
    const same = await cli(['diff', '--config', demo.config, '--output', demo.output, firstRun, 'latest']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`So sánh lần chạy ${firstRun} → ${latest()}`);
    expect(same.stdout).toContain(`Không có gì thay đổi so với lần chạy ${firstRun}.`);
    const json = await cli(['diff', '--config', demo.config, '--output', demo.output, 'previous', 'latest', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ previousRunId: firstRun, sources: [], units: [] });
    const unknown = await cli(['diff', '--config', demo.config, '--output', demo.output, 'no-such-run', 'latest']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có lần chạy "no-such-run"');
  });
});

describe('tonghop schedule', () => {
  it('starts a run when the schedule fires, logs it, and stops after --max-runs', async () => {
    const before = latest();
    // Built: the scheduler starts the built CLI as a child process.
    const r = await tonghopBuilt(['schedule', '--config', demo.config, '--output', demo.output, '--cron', '*/2 * * * * *', '--max-runs', '1', '--log-format', 'text'], { TONGHOP_CODE_FINGERPRINT: 'nightly-cli-test' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Lịch chạy "\*\/2 \* \* \* \* \*" \(múi giờ Asia\/Ho_Chi_Minh\)/);
    expect(r.stdout).toContain('Lần chạy theo lịch thứ 1 bắt đầu.');
    expect(r.stdout).toContain('Tổng cộng 957.068.000 đồng'); // the run's own output, forwarded
    expect(r.stdout).toMatch(/Lần chạy theo lịch thứ 1 kết thúc: mã 1 \(có vấn đề số liệu\)/);
    expect(latest()).not.toBe(before);
    expect(readFileSync(path.join(demo.output, 'schedule.log'), 'utf8')).toContain('Lần chạy theo lịch thứ 1 kết thúc');
  }, 180_000);

  it('rejects a time that is not HH:MM', async () => {
    const r = await cli(['schedule', '--config', demo.config, '--at', '2am']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--at cần giờ dạng HH:MM');
  });
});
