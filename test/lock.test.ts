import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LockError } from '../src/errors/errors.js';
import { acquireLock, LOCK_FILE, staleReason } from '../src/nightly/lock.js';

const root = mkdtempSync(path.join(tmpdir(), 'tonghop-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lockFile = path.join(root, LOCK_FILE);

/** A pid that surely ended: a process that has already exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('the output folder lock', () => {
  it('is taken exclusively, names its holder, and is released', () => {
    const lock = acquireLock(root, { command: 'run' });
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'run' });
    expect(() => acquireLock(root)).toThrow(LockError);
    expect(() => acquireLock(root)).toThrow(`tiến trình ${process.pid} trên máy ${hostname()}`);
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('clears the lock of a process that is gone, and says whose it was', () => {
    const pid = deadPid();
    writeFileSync(lockFile, JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString() }));
    const lock = acquireLock(root);
    expect(lock.cleared).toMatchObject({ pid });
    lock.release();
  });

  it('keeps a live lock from another machine, unless it is older than any real run', () => {
    const now = new Date('2026-01-02T00:00:00Z');
    const foreign = { pid: 1, host: 'another-machine', startedAt: '2026-01-01T23:00:00.000Z' };
    expect(staleReason(foreign, now)).toBeUndefined();
    expect(staleReason({ ...foreign, startedAt: '2026-01-01T00:00:00.000Z' }, now)).toMatch(/quá 12 giờ/);
    expect(staleReason(undefined, now)).toBe('tệp khóa hỏng');
    writeFileSync(lockFile, JSON.stringify({ ...foreign, startedAt: new Date().toISOString() }));
    expect(() => acquireLock(root)).toThrow(/another-machine/);
    rmSync(lockFile);
  });

  it('release never removes a lock that another run took meanwhile', () => {
    const lock = acquireLock(root);
    const other = { pid: 999_999, host: 'x', startedAt: new Date().toISOString() };
    writeFileSync(lockFile, JSON.stringify(other));
    lock.release();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual(other);
    rmSync(lockFile);
  });
});
