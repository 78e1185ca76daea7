/**
 * Runs killed with SIGKILL at every stage (issue 16): read, analyse, printing, the write step, the
 * store's commit and the `latest` swap. After each kill: `latest` names a complete run the store
 * calls done, the lock is cleared by the next run, which succeeds, the store passes
 * PRAGMA integrity_check with no run left "running", history marks the killed run, no temporary
 * folder is left.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/nightly/lock.js';
import { copyDemo } from './helpers/nightly.js';

const exec = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const ENV = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'killed-runs-test' };
const demo = copyDemo('tonghop-killed-');
afterAll(() => rmSync(demo.dir, { recursive: true, force: true }));

const runArgs = ['run', '--config', demo.config, '--output', demo.output];
const latest = () => readlinkSync(path.join(demo.output, 'latest'));
const temps = () => readdirSync(demo.output).filter((f) => f.startsWith('.tmp-'));

async function tonghop(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { env: ENV, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function store(): { integrity: string; runs: { id: string; status: string }[] } {
  const db = new Database(path.join(demo.output, 'tonghop.sqlite'), { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const runs = db.prepare('SELECT id, status FROM runs ORDER BY id').all() as { id: string; status: string }[];
    return { integrity, runs };
  } finally {
    db.close();
  }
}

function pausedRun(point: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, ...runArgs, ...extra], { env: { ...ENV, TONGHOP_TEST_PAUSE_BEFORE: point }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no pause at ${point}:\n${seen}`)), 240_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes(`TONGHOP_TEST_PAUSED ${point}`)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited before pausing at ${point}:\n${seen}`));
    });
  });
}

let good: string;

beforeAll(async () => {
  const first = await tonghop(runArgs);
  expect(first.code, first.stderr).toBe(1);
  good = latest();
  // A user's own folder that merely looks temporary: runs must never delete it.
  mkdirSync(path.join(demo.output, '.tmp-ghi-chu'), { recursive: true });
  writeFileSync(path.join(demo.output, '.tmp-ghi-chu', 'giu-lai.txt'), 'của tôi');
}, 900_000);

// "render" prints (--full); the others take the nightly path that links unchanged outputs.
const POINTS: [string, string[]][] = [
  ['read', []],
  ['analyse', []],
  ['render', ['--full']],
  ['write', []],
  ['commit', []],
  ['latest', []],
];

describe.each(POINTS)('killed with SIGKILL before %s', (point, extra) => {
  let before: string;

  it('leaves latest on a complete run the store calls done', async () => {
    before = latest();
    const child = await pausedRun(point, extra);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(path.join(demo.output, LOCK_FILE))).toBe(true);
    // `latest` moves only after the store's commit, so before "latest" it still names the earlier run.
    if (point !== 'latest') expect(latest()).toBe(before);
    expect(existsSync(path.join(demo.output, latest(), 'summary.json'))).toBe(true);
    expect(existsSync(path.join(demo.output, latest(), 'index.html'))).toBe(true);
    const { integrity, runs } = store();
    expect(integrity).toBe('ok');
    expect(runs.find((r) => r.id === latest())?.status).toBe('ok');
  }, 900_000);

  it('the next run clears the lock, marks the killed run in history and succeeds', async () => {
    const next = await tonghop(runArgs);
    expect(next.code, next.stderr).toBe(1);
    expect(next.stdout).toContain('Đã gỡ khóa của một lần chạy bị dừng giữa chừng');
    expect(existsSync(path.join(demo.output, LOCK_FILE))).toBe(false);
    expect(temps()).toEqual(['.tmp-ghi-chu']);
    expect(existsSync(path.join(demo.output, '.tmp-ghi-chu', 'giu-lai.txt'))).toBe(true);
    const { integrity, runs } = store();
    expect(integrity).toBe('ok');
    expect(runs.filter((r) => r.status === 'running')).toEqual([]);
    expect(runs.find((r) => r.id === latest())?.status).toBe('ok');
    // Killed before its commit, the run is failed ("bị dừng giữa chừng"); killed after it, it was done.
    const killed = runs.filter((r) => r.status === 'failed');
    if (point !== 'latest') expect(killed.length).toBeGreaterThan(0);
    const history = await tonghop(['history', '--config', demo.config, '--output', demo.output]);
    expect(history.code).toBe(0);
    if (point !== 'latest') expect(history.stdout).toMatch(/thất bại.*bị dừng giữa chừng/);
    expect(good).toBeTruthy();
  }, 900_000);
});
