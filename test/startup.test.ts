/**
 * Load only what is used: `--help` loads commander alone, `history` no browser, exceljs or Google
 * client, and a run of a campaign without Google sources never loads googleapis.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from './helpers/demo.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const HOOK = path.join(ROOT, 'fixtures', 'tools', 'log-imports.mjs');
const out = mkdtempSync(path.join(tmpdir(), 'tonghop-startup-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The CLI's stderr for `args` with every import listed (run from the sources, as tests do). */
async function importLog(args: string[]): Promise<string> {
  const child = await run(process.execPath, ['--import', 'tsx', '--import', HOOK, path.join(ROOT, 'src', 'cli.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TONGHOP_LOG_FORMAT: 'text' },
    maxBuffer: 16 << 20,
  }).catch((error: { stdout: string; stderr: string }) => error);
  return child.stderr;
}

/** Packages the CLI loads for `args`. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  return new Set([...(await importLog(args)).matchAll(/^TONGHOP_LOADED (\S+)$/gm)].map((m) => m[1]!).filter((name) => name !== 'tsx' && name !== 'esbuild' && name !== 'get-tsconfig' && name !== 'resolve-pkg-maps'));
}

describe('what each command loads', () => {
  it('--help: commander only', async () => {
    expect([...(await packagesLoaded(['--help']))].sort()).toEqual(['commander']);
  }, 60_000);

  it('history: the store and the config, no browser, exceljs or Google client', async () => {
    const loaded = await packagesLoaded(['history', '--config', DEMO_CONFIG, '--output', out]);
    expect(loaded.has('better-sqlite3') || loaded.has('yaml')).toBe(true);
    for (const heavy of ['puppeteer', 'puppeteer-core', 'exceljs', 'googleapis', 'handlebars']) expect(loaded.has(heavy), heavy).toBe(false);
  }, 60_000);

  it('history: no zod, campaign schema, pipeline or renderer (the campaign file is only read for its output folder)', async () => {
    const log = await importLog(['history', '--config', DEMO_CONFIG, '--output', out]);
    const modules = [...log.matchAll(/^TONGHOP_MODULE (\S+)$/gm)].map((m) => m[1]!);
    expect(modules).toContain('src/cli/history.ts');
    expect(modules).toContain('src/config/output-root.ts');
    expect(log).not.toMatch(/^TONGHOP_LOADED (zod|p-queue)$/m);
    const pipeline = /^src\/(run|analyse|intake|extract|review|consolidate|nightly\/(?!diff\.ts))|^src\/outputs\/(?!changes-text\.ts)|^src\/model\/config\.ts$|^src\/config\/load\.ts$/;
    expect(modules.filter((m) => pipeline.test(m))).toEqual([]);
  }, 60_000);

  it('validate of a campaign without Google sources: no googleapis', async () => {
    const loaded = await packagesLoaded(['validate', '--config', DEMO_CONFIG]);
    expect(loaded.has('zod')).toBe(true);
    expect(loaded.has('googleapis')).toBe(false);
  }, 120_000);
});
