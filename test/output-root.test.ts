/**
 * `history` and `diff` read only the output folder from campaign.yaml (src/config/output-root.ts), so
 * they start without zod or the campaign schema. That folder must be the one a run writes to, and a
 * missing, broken or wrong `output:` must be refused with the message a run gives.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOutputRoot } from '../src/config/output-root.js';
import { loadConfig, outputRootOf } from '../src/config/load.js';
import { TonghopError } from '../src/errors/errors.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = ['an-lao-2023', 'chasing'].map((name) => path.join(ROOT, 'fixtures', name, 'campaign.yaml'));
const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The demo campaign with its `output:` line replaced (or removed), written to the temp folder. */
function demoWithOutput(name: string, line: string): string {
  const text = readFileSync(FIXTURES[0]!, 'utf8');
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text.replace(/^output: .*$/m, line));
  return file;
}

/** What a failure says (code and words), or 'ok' with the folder. */
async function outcome(work: () => Promise<string>): Promise<string> {
  try {
    return `ok ${await work()}`;
  } catch (error) {
    if (!(error instanceof TonghopError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

const full = (file: string, outputDir?: string) => outcome(async () => outputRootOf(await loadConfig(file), outputDir));
const light = (file: string, outputDir?: string) => outcome(() => readOutputRoot(file, outputDir));

describe('readOutputRoot finds the folder a run writes to', () => {
  it.each(FIXTURES)('%s', async (file) => {
    expect(await light(file)).toBe(await full(file));
    expect(await light(file)).toMatch(/^ok \//);
    expect(await light(file, path.join(dir, 'elsewhere'))).toBe(`ok ${path.join(dir, 'elsewhere')}`);
  });

  it('no output key: "output" beside the file', async () => {
    const file = demoWithOutput('no-output', '');
    expect(await light(file)).toBe(await full(file));
    expect(await light(file)).toBe(`ok ${path.join(dir, 'output')}`);
  });

  it('spaces around the folder are trimmed as the schema trims them', async () => {
    const file = demoWithOutput('spaces', 'output: "  ket-qua  "');
    expect(await light(file)).toBe(await full(file));
    expect(await light(file)).toBe(`ok ${path.join(dir, 'ket-qua')}`);
  });
});

describe('readOutputRoot refuses what a run refuses, in the same words', () => {
  it.each([
    ['a number', 'output: 2023'],
    ['blank', 'output: "   "'],
    ['a list', 'output: [a, b]'],
  ])('output as %s', async (name, line) => {
    const file = demoWithOutput(name, line);
    const said = await light(file);
    expect(said).toMatch(/^CONFIG_INVALID: /);
    expect(said).toBe(await full(file));
  });

  it('a missing file', async () => {
    const file = path.join(dir, 'khong-co.yaml');
    expect(await light(file)).toMatch(/^CONFIG_NOT_FOUND: /);
    expect(await light(file)).toBe(await full(file));
  });

  it('a YAML syntax error, even with --output', async () => {
    const file = demoWithOutput('tab', 'output:\n\t- x');
    expect(await light(file, dir)).toMatch(/^CONFIG_SYNTAX: /);
    expect(await light(file, dir)).toBe(await full(file, dir));
  });

  it('an empty file', async () => {
    const file = path.join(dir, 'empty.yaml');
    writeFileSync(file, '');
    expect(await light(file)).toMatch(/^CONFIG_INVALID: /);
    expect(await light(file)).toBe(await full(file));
  });
});
