/**
 * Which files are sources (issue 10, point 9; issue 16, point 6): a configured path is matched
 * literally first; a path matching nothing gets a warning on the terminal with the closest names;
 * only regular files inside the campaign folder are read — a device, a FIFO or ../../etc/passwd each
 * give a located error, never a hang or a read; the output folder is never a source.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { variants } from '../fixtures/tools/variants/paths.js';
import { mismatches, runVariant, withVariant, variantYaml } from '../fixtures/tools/variant-campaign.js';
import { encodeUtf8 } from '../fixtures/tools/text-encodings.js';
import { issueMessage } from '../src/format/issue-messages.js';
import { readSourceFile } from '../src/intake/read-source.js';
import { SourceError } from '../src/errors/errors.js';
import type { Variant } from '../fixtures/tools/variants/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIST = encodeUtf8('Họ và tên,Số tiền\nNguyễn Thị Hoa,300000\nTrần Văn Nam,200000\n', true);
const byId = (id: string) => variants.find((v) => v.id === id)!;

describe('configured paths', () => {
  it.each(variants.map((v) => [v.id, v] as const))('%s', (_, variant) => withVariant(variant, (run) => expect(mismatches(variant, run)).toEqual([])));

  it('a path that matched nothing: a warning naming the path and the closest file names present', async () => {
    const run = await runVariant(byId('paths/misspelt-path'));
    try {
      const issue = run.analysis.issues.find((i) => i.code === 'SOURCE_PATH_UNMATCHED')!;
      expect(issue.severity).toBe('warning');
      expect(issueMessage(issue)).toBe('Đơn vị "Hội Nông dân" chưa có số liệu vì đường dẫn "submissions/Bao cao HND.xlsx" không khớp tệp nào. Tệp có tên gần giống: "submissions/Bao cao HND (gui MTTQ).csv".');
    } finally {
      run.cleanup();
    }
  });

  it('the warning is printed on the terminal by `tonghop validate`', async () => {
    const variant = byId('paths/misspelt-path');
    const run = await runVariant(variant);
    try {
      const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'validate', '--config', path.join(run.dir, 'campaign.yaml'), '--log-format', 'text'], { cwd: ROOT }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
      expect(result.out).toContain('Cảnh báo [SOURCE_PATH_UNMATCHED]');
      expect(result.out).toContain('"submissions/Bao cao HND (gui MTTQ).csv"');
      expect(result.code).not.toBe(0);
    } finally {
      run.cleanup();
    }
  }, 120_000);
});

/** A campaign whose one unit reads `source`, prepared by `prepare(dir)` before the run. */
async function runWith(source: string, prepare: (dir: string) => void, extra?: string) {
  const variant: Variant = {
    id: 'paths/adhoc',
    class: 'paths',
    description: source,
    files: [{ path: 'submissions/real.csv', bytes: LIST }],
    units: [{ id: 'xa-a', name: 'Xã A', kind: 'commune', sources: [source] }],
    ...(extra ? { configExtra: extra } : {}),
    expected: { units: {} },
  };
  // Writes the campaign, lets the test add special files, then reads it for real.
  const first = await runVariant({ ...variant, units: [{ ...variant.units[0]!, sources: [] }] });
  prepare(first.dir);
  writeFileSync(path.join(first.dir, 'campaign.yaml'), variantYaml(variant));
  const { loadConfig, outputRootOf } = await import('../src/config/load.js');
  const { readSources } = await import('../src/intake/read-sources.js');
  const { analyse } = await import('../src/analyse/analyse.js');
  const loaded = await loadConfig(path.join(first.dir, 'campaign.yaml'));
  const read = await readSources(loaded.config, loaded.baseDir, { outputRoot: outputRootOf(loaded) });
  return { ...analyse(loaded.config, read.reads, read.unresolved), reads: read.reads, cleanup: first.cleanup, dir: first.dir };
}

describe('only regular files inside the campaign folder', () => {
  it.each([
    ['/dev/zero', 'SOURCE_OUTSIDE_CAMPAIGN'],
    ['../../../../../../../../etc/passwd', 'SOURCE_OUTSIDE_CAMPAIGN'],
    ['submissions/zero.csv', 'SOURCE_OUTSIDE_CAMPAIGN'],
    ['submissions/fifo.csv', 'SOURCE_NOT_REGULAR'],
    ['submissions/folder.csv', 'SOURCE_NOT_REGULAR'],
    // A glob skips the FIFO and the folder (not files) and refuses the link leading out to /dev/zero.
    ['submissions/*.csv', 'SOURCE_OUTSIDE_CAMPAIGN'],
  ])('%s: %s, located, nothing read', async (source, code) => {
    const run = await runWith(source, (dir) => {
      symlinkSync('/dev/zero', path.join(dir, 'submissions/zero.csv'));
      execFileSync('mkfifo', [path.join(dir, 'submissions/fifo.csv')]);
      mkdirSync(path.join(dir, 'submissions/folder.csv'));
    });
    try {
      const issue = run.issues.find((i) => i.code === code)!;
      expect(issue, run.issues.map((i) => i.code).join()).toBeDefined();
      expect(issue.severity).toBe('error');
      expect(issue.location.unitId).toBe('xa-a');
      expect(issue.location.source).toBeTruthy();
      expect(run.reads.map((r) => r.source.display)).toEqual(source === 'submissions/*.csv' ? ['submissions/real.csv'] : []);
    } finally {
      run.cleanup();
    }
  }, 30_000);

  it('a folder outside the campaign is read only when allowSourcesFrom names it', async () => {
    const variant: Variant = {
      id: 'paths/allowed',
      class: 'paths',
      description: 'a list kept in a shared folder beside the campaign',
      files: [{ path: 'shared/xa-a.csv', bytes: LIST }],
      units: [{ id: 'xa-a', name: 'Xã A', kind: 'commune', sources: ['../shared/xa-a.csv'] }],
      expected: { units: {} },
    };
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadConfig } = await import('../src/config/load.js');
    const { readSources } = await import('../src/intake/read-sources.js');
    const { analyse } = await import('../src/analyse/analyse.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-allowed-'));
    try {
      mkdirSync(path.join(dir, 'shared'));
      mkdirSync(path.join(dir, 'campaign'));
      writeFileSync(path.join(dir, 'shared/xa-a.csv'), LIST);
      const amountWith = async (extra: string) => {
        writeFileSync(path.join(dir, 'campaign/campaign.yaml'), variantYaml({ ...variant, configExtra: extra }));
        const loaded = await loadConfig(path.join(dir, 'campaign/campaign.yaml'));
        const read = await readSources(loaded.config, loaded.baseDir);
        const analysis = analyse(loaded.config, read.reads, read.unresolved);
        return { amount: analysis.consolidation.units[0]!.amount, codes: analysis.issues.map((i) => i.code) };
      };
      expect(await amountWith('')).toMatchObject({ amount: 0, codes: expect.arrayContaining(['SOURCE_OUTSIDE_CAMPAIGN']) });
      expect((await amountWith('allowSourcesFrom: ["../shared"]')).amount).toBe(500_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the reader itself refuses a device or FIFO on the open handle, without blocking', async () => {
    const fifoDir = (await runWith('submissions/real.csv', (dir) => execFileSync('mkfifo', [path.join(dir, 'fifo')])));
    try {
      for (const target of ['/dev/zero', path.join(fifoDir.dir, 'fifo')]) {
        const error = await readSourceFile(target, 'x').then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(SourceError);
        expect((error as SourceError).issueCode).toBe('SOURCE_NOT_REGULAR');
      }
    } finally {
      fifoDir.cleanup();
    }
  });
});
