/**
 * The command as staff and IT get it: `npm pack`, then the tarball installed into a temporary prefix
 * offline (from the npm cache `npm ci` filled), then `tonghop` used from another folder, as the
 * guides (docs/huong-dan.md, docs/van-hanh.md) tell. Also: installing never rewrites the lock file,
 * so `npm run setup` leaves the checkout clean.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testedBlocks } from './helpers/guide.js';
import { pdfPageSizes } from './helpers/poppler.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const work = mkdtempSync(path.join(tmpdir(), 'tonghop-install-'));
const prefix = path.join(work, 'prefix');
const bin = path.join(prefix, 'bin', 'tonghop');
// No browser download (the machine's Chromium prints), no network: everything from the cache.
const ENV = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, env, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('package-lock.json is what an install writes', () => {
  it('an install from the lock leaves it byte for byte unchanged (so `npm run setup` leaves git status clean)', async () => {
    const copy = path.join(work, 'lock-check');
    mkdirSync(copy);
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(path.join(ROOT, f), path.join(copy, f));
    const install = await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--offline'], copy);
    expect(install.code, install.stderr).toBe(0);
    expect(readFileSync(path.join(copy, 'package-lock.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  }, 900_000);

  it('setup installs with npm ci, which never writes the lock', () => {
    const setup = readFileSync(path.join(ROOT, 'scripts', 'setup.sh'), 'utf8');
    expect(setup).toMatch(/^\s+npm ci --no-audit --no-fund$/m);
    expect(setup).not.toMatch(/^\s+npm install\b/m);
  });
});

describe('npm pack, installed into a prefix, used from another folder', () => {
  let tarball: string;
  beforeAll(async () => {
    const pack = await run('npm', ['pack', '--pack-destination', work], ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    tarball = path.join(work, `tonghop-${pkg.version}.tgz`);
    expect(existsSync(path.join(ROOT, 'npm-shrinkwrap.json')), 'postpack removes the shrinkwrap').toBe(false);
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--allow-scripts=better-sqlite3,puppeteer', tarball], work);
    expect(install.code, install.stderr).toBe(0);
  }, 1_500_000);

  it('the tarball holds the built CLI, templates, guides and deploy files, and no sources or tests', async () => {
    const list = await run('tar', ['tzf', tarball], work);
    const files = list.stdout.split('\n').filter(Boolean);
    for (const f of ['package/dist/cli.js', 'package/templates/report.hbs', 'package/templates/starter/campaign.yaml', 'package/docs/huong-dan.md', 'package/docs/van-hanh.md', 'package/deploy/tonghop.service', 'package/npm-shrinkwrap.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/') || f.startsWith('package/fixtures/') || f.endsWith('.map'))).toEqual([]);
  });

  it('installs no development packages', () => {
    const installed = readdirSync(path.join(prefix, 'lib', 'node_modules', 'tonghop', 'node_modules'));
    for (const dev of Object.keys(pkg.devDependencies)) expect(installed).not.toContain(dev);
    for (const dep of ['better-sqlite3', 'puppeteer', 'exceljs']) expect(installed).toContain(dep);
  });

  it('tonghop --version works from any folder', async () => {
    const version = await run(bin, ['--version'], tmpdir());
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('a first campaign from init to the printed report, in a folder of its own', async () => {
    const home = path.join(work, 'van-phong');
    mkdirSync(home);
    const init = await run(bin, ['init', 'dot-thu'], home);
    expect(init.code, init.stderr).toBe(0);
    const first = await run(bin, ['run', '--config', 'dot-thu/campaign.yaml', '--log-format', 'text'], home);
    // 1: the starter's second unit has not reported yet.
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toContain('Tổng cộng 5.550.000 đồng, 3 lượt ủng hộ; 1/2 đơn vị đã báo cáo');
    const pdf = path.join(home, 'dot-thu', 'output', 'latest', 'bao-cao-tong-hop.pdf');
    expect(pdfPageSizes(pdf).length).toBeGreaterThan(0);
    const history = await run(bin, ['history', '--config', 'dot-thu/campaign.yaml'], home);
    expect(history.stdout).toMatch(/\d{8}-\d{6}\s+xong/);
  }, 180_000);

  describe('the guides’ commands, run as written against the installed command', () => {
    const guides = ['huong-dan.md', 'van-hanh.md'];
    const office = path.join(work, 'phong-lam-viec');
    // In order: the staff guide's first campaign is what the IT guide's commands work on.
    const blocks = guides.flatMap((guide) => testedBlocks(readFileSync(path.join(ROOT, 'docs', guide), 'utf8')).map((b) => ({ guide, ...b })));

    it('each guide has commands marked for testing', () => {
      for (const guide of guides) expect(blocks.filter((b) => b.guide === guide).length, guide).toBeGreaterThan(0);
    });

    it.each(blocks)('$guide line $line', async ({ code }) => {
      mkdirSync(office, { recursive: true });
      const env = { ...ENV, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env['PATH'] ?? ''}`, TONGHOP_LOG_FORMAT: 'text' };
      // Not `set -e`: the guides show data-issue exit codes (1) on purpose, with `echo "Mã thoát: $?"`.
      const result = await run('bash', ['-c', `set -uo pipefail\n${code}`], office, env);
      expect(result.code, `${code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
      // A command the guide shows must never be an operational failure.
      expect(result.stdout).not.toContain('Mã thoát: 2');
      expect(result.stderr).not.toMatch(/command not found|Lỗi/);
    }, 180_000);
  });
});
