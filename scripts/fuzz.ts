/**
 * `npm run test:fuzz`: a deterministic mutator over the fixtures (and ../shared/corpus when present)
 * makes at least 1,000 broken copies of real spreadsheets; each goes through the whole intake (read →
 * grid → analyse) in a child process with a heap cap (scripts/corpus-check.ts's Runner) and a
 * per-file time limit. Every mutant must end read or rejected with a catalogued code and a message
 * without a stack trace; a crash, hang, uncatalogued error or stack trace fails the run, and the
 * mutant is kept in fixtures/fuzz/crashers/ so it is replayed first by every later run.
 *
 *   node --import tsx scripts/fuzz.ts [--mutants 1000] [--seed 16] [--budget-seconds 600] [--verbose]
 *
 * Past the time budget no new mutant is started (the count run is printed); the same seed always
 * makes the same mutants, so a failure is reproduced by running the same command again.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateEntry, readZipDirectory, writeZip } from '../src/intake/xlsx/zip-package.js';
import { READ_LIMITS } from '../src/intake/read-limits.js';
import { printSummary, Runner, type Outcome } from './corpus-check.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// CI has the corpus beside the clone; a worktree elsewhere names it with TONGHOP_CORPUS.
const CORPUS = process.env['TONGHOP_CORPUS'] ?? path.resolve(REPO, '..', 'shared', 'corpus');
const CRASHERS = path.join(REPO, 'fixtures', 'fuzz', 'crashers');
/** Per mutant, in the parent: past it the child is killed and the mutant counts as a hang. */
const PER_FILE_LIMIT_MS = 45_000;
/** Seeds larger than this are left out: mutants of small files find the same bugs, faster. */
const MAX_SEED_BYTES = 256 * 1024;
const SEED_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.csv', '.txt']);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

// ---- a small deterministic random source -----------------------------------------------------

/** mulberry32: tiny, fast, and the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, low: number, high: number): number => low + Math.floor(rng() * (high - low + 1));

// ---- mutations ------------------------------------------------------------------------------

/** Text that has hurt spreadsheet readers: bidi overrides, NUL, formulas, huge numbers, entities. */
const NASTY = [
  '\u202Eredro\u202C',
  'Nguyễn\u0000Văn An',
  '=cmd|\' /C calc\'!A0',
  '+HYPERLINK("http://127.0.0.1:9/x")',
  '99999999999999999999999',
  '-1e308',
  '4294967295',
  '<script>fetch("http://127.0.0.1:9")</script>',
  '&xxe;',
  '\uFEFF\u200B\u2060',
  '\uD800',
  '1.234.567,89',
  'Tổng cộng',
];

function mutateBytes(rng: Rng, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  switch (between(rng, 0, 4)) {
    case 0: // flip bytes
      for (let n = between(rng, 1, 16); n > 0 && out.length; n--) {
        const at = between(rng, 0, out.length - 1);
        out[at] = out[at]! ^ (1 << between(rng, 0, 7));
      }
      return out;
    case 1: // truncate
      return out.subarray(0, between(rng, 0, out.length));
    case 2: {
      // insert random bytes
      const at = between(rng, 0, out.length);
      const junk = Buffer.from(Array.from({ length: between(rng, 1, 64) }, () => between(rng, 0, 255)));
      return Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
    }
    case 3: {
      // duplicate a slice
      const from = between(rng, 0, out.length);
      const to = Math.min(out.length, from + between(rng, 1, 4096));
      return Buffer.concat([out.subarray(0, to), out.subarray(from, to), out.subarray(to)]);
    }
    default: {
      // overwrite a run with 0xFF or 0x00
      const from = between(rng, 0, out.length);
      out.fill(rng() < 0.5 ? 0xff : 0x00, from, Math.min(out.length, from + between(rng, 1, 512)));
      return out;
    }
  }
}

/** Structural changes to XML text: what a broken generator, a bad merge or an attacker writes. */
function mutateXml(rng: Rng, xml: string): string {
  const tags = [...xml.matchAll(/<(row|c|mergeCell|sheet|si|t|v|dimension|col)\b[^>]*\/?>/g)];
  const tag = tags.length ? pick(rng, tags) : undefined;
  const at = tag?.index ?? between(rng, 0, xml.length);
  switch (between(rng, 0, 8)) {
    case 0: // a number attribute or value made huge, negative or odd
      return xml.replace(/(r|ref|count|sheetId|s)="([^"]*)"/, (_, name: string) => `${name}="${pick(rng, ['4294967295', '-1', '0', 'A0', 'XFD1048576', '1e9', 'A1:XFD1048576'])}"`);
    case 1: {
      // an element repeated many times
      if (!tag) return xml;
      const copies = pick(rng, [2, 50, 2000]);
      return xml.slice(0, at) + tag[0].repeat(copies) + xml.slice(at);
    }
    case 2: // a closing tag dropped
      return xml.replace(pick(rng, ['</row>', '</sheetData>', '</c>', '</si>', '</sheets>', '</t>']), '');
    case 3: // nasty text inside a value
      return xml.replace(/<t([^>]*)>/, (m) => `${m}${escapeXml(pick(rng, NASTY))}`).replace(/<v>/, `<v>${pick(rng, ['1e400', 'NaN', '-0', '9007199254740993', ''])}`);
    case 4: // an external entity declared and used (must never be resolved)
      return xml.replace(/^(<\?xml[^>]*\?>)?/, (m) => `${m}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`).replace(/<t([^>]*)>/, '<t$1>&xxe;');
    case 5: // thousands of merged ranges
      return xml.replace('</worksheet>', `<mergeCells>${'<mergeCell ref="A1:XFD1048576"/>'.repeat(pick(rng, [10, 5000]))}</mergeCells></worksheet>`);
    case 6: // a slice of the document removed
      return xml.slice(0, at) + xml.slice(Math.min(xml.length, at + between(rng, 1, 400)));
    case 7: // a cell with a formula and no cached value
      return xml.replace(/<v>[^<]*<\/v>/, '<f>SUM(A1:XFD1048576)</f>');
    default: // an attribute namespace prefix or encoding declaration that readers mishandle
      return xml.replace('encoding="UTF-8"', pick(rng, ['encoding="UTF-16"', 'encoding="windows-1258"', 'encoding="bogus"']));
  }
}

function escapeXml(text: string): string {
  return text.replace(/&(?!xxe;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Rewrites one XML part of a zip package (falls back to byte mutation when it is no package). */
function mutateZip(rng: Rng, bytes: Buffer): Buffer {
  let parts: { name: string; data: Buffer }[];
  try {
    const entries = readZipDirectory(bytes, READ_LIMITS);
    parts = entries.map((e) => ({ name: e.name, data: inflateEntry(bytes, e, 64 * 1024 * 1024) }));
  } catch {
    return mutateBytes(rng, bytes);
  }
  const xml = parts.filter((p) => /\.(xml|rels)$/.test(p.name));
  if (xml.length === 0) return mutateBytes(rng, bytes);
  // Worksheets and shared strings hold the data, so they are changed most often.
  const data = xml.filter((p) => /worksheets\/|sharedStrings|workbook\.xml$/.test(p.name));
  const part = pick(rng, data.length && rng() < 0.8 ? data : xml);
  for (let n = between(rng, 1, 3); n > 0; n--) part.data = Buffer.from(mutateXml(rng, part.data.toString('utf8')));
  return writeZip(parts, { deflateLevel: 6 });
}

function mutateCsv(rng: Rng, bytes: Buffer): Buffer {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  const line = between(rng, 0, Math.max(0, lines.length - 1));
  switch (between(rng, 0, 4)) {
    case 0:
      lines[line] = `${lines[line] ?? ''}${pick(rng, [',', ';', '\t', '"'])}${pick(rng, NASTY)}`;
      break;
    case 1:
      lines.splice(line, 0, ...Array<string>(pick(rng, [10, 5000])).fill(lines[line] ?? ''));
      break;
    case 2:
      lines[line] = `"${lines[line] ?? ''}`; // an unclosed quote
      break;
    case 3:
      lines[line] = 'x'.repeat(pick(rng, [40_000, 400_000]));
      break;
    default:
      return mutateBytes(rng, bytes);
  }
  return Buffer.from(lines.join('\n'));
}

/** The `index`-th mutant of a seed file: the same bytes for the same seed, file and index. */
export function mutant(seedBytes: Buffer, extension: string, seed: number, index: number): Buffer {
  const rng = random(seed * 1_000_003 + index * 7919 + seedBytes.length);
  const isZip = seedBytes.subarray(0, 2).toString('latin1') === 'PK';
  if (isZip && rng() < 0.75) return mutateZip(rng, seedBytes);
  if (!isZip && (extension === '.csv' || extension === '.txt') && rng() < 0.75) return mutateCsv(rng, seedBytes);
  return mutateBytes(rng, seedBytes);
}

// ---- the run --------------------------------------------------------------------------------

function listSeeds(dir: string, skip: (full: string) => boolean = () => false): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || skip(full) || !SEED_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
    if (statSync(full).size <= MAX_SEED_BYTES) out.push(full);
  }
  return out.sort();
}

/** A message a clerk reads must not carry a stack trace or a source path of ours. */
function leaksTrace(detail: string | undefined): boolean {
  return !!detail && (/\n\s+at\s/.test(detail) || /\bat\s+\S+\s+\(.*:\d+:\d+\)/.test(detail) || /node:internal|\/src\/[\w/-]+\.[tj]s/.test(detail));
}

async function main(): Promise<void> {
  const total = option('mutants', 1000);
  const seed = option('seed', 16);
  const budgetMs = option('budget-seconds', 600) * 1000;
  const verbose = process.argv.includes('--verbose');
  const seeds = [...listSeeds(path.join(REPO, 'fixtures'), (f) => f.startsWith(CRASHERS)), ...listSeeds(CORPUS)];
  const work = mkdtempSync(path.join(os.tmpdir(), 'tonghop-fuzz-'));
  const crashers = existsSync(CRASHERS) ? readdirSync(CRASHERS).filter((f) => !f.startsWith('.') && f !== 'README.md').map((f) => path.join(CRASHERS, f)) : [];
  // Mutants spread over the seeds in turn, so a short budget still covers every seed.
  const jobs: { file: string; origin: string }[] = crashers.map((file) => ({ file, origin: 'crasher' }));
  for (let i = 0; i < total; i++) {
    const origin = seeds[i % seeds.length]!;
    const extension = path.extname(origin).toLowerCase();
    const file = path.join(work, `${String(i).padStart(4, '0')}-${path.basename(origin, extension).replace(/[^\w.-]/g, '_').slice(0, 40)}${extension}`);
    writeFileSync(file, mutant(readFileSync(origin), extension, seed, i));
    jobs.push({ file, origin });
  }
  console.log(`fuzz: ${total} mutants of ${seeds.length} seed files (seed ${seed}) and ${crashers.length} kept crashers; budget ${budgetMs / 1000} s, ${PER_FILE_LIMIT_MS / 1000} s per file`);
  const started = performance.now();
  const outcomes: Outcome[] = [];
  const failures: { job: (typeof jobs)[number]; outcome: Outcome }[] = [];
  let next = 0;
  let skipped = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(2, os.availableParallelism())) }, async () => {
      const runner = new Runner(PER_FILE_LIMIT_MS);
      while (next < jobs.length) {
        const job = jobs[next++]!;
        // Kept crashers always run; new mutants only while the budget lasts.
        if (job.origin !== 'crasher' && performance.now() - started > budgetMs) {
          skipped++;
          continue;
        }
        const outcome = await runner.run(job.file);
        outcomes.push(outcome);
        const bad = (outcome.status !== 'read' && outcome.status !== 'rejected') || leaksTrace(outcome.detail);
        if (bad) {
          failures.push({ job, outcome });
          console.log(`  FAIL ${outcome.status}: ${path.basename(job.file)} (from ${path.relative(REPO, job.origin)}): ${outcome.detail ?? ''}`);
        } else if (verbose) {
          console.log(`  ${outcome.status} ${outcome.code ?? ''} ${path.basename(job.file)} (${outcome.ms} ms)`);
        }
      }
      runner.close();
    }),
  );
  printSummary(outcomes, performance.now() - started);
  for (const { job } of failures) {
    if (job.origin === 'crasher') continue;
    const kept = path.join(CRASHERS, `seed${seed}-${path.basename(job.file)}`);
    writeFileSync(kept, readFileSync(job.file));
    console.log(`  kept as a regression fixture: ${path.relative(REPO, kept)}`);
  }
  rmSync(work, { recursive: true, force: true });
  if (skipped) console.log(`fuzz: the budget ran out; ${skipped} mutants not run this time`);
  if (failures.length) {
    console.log(`fuzz: FAILED, ${failures.length} mutant(s) crashed, hung, leaked a stack trace or ended with an uncatalogued error`);
    process.exitCode = 1;
  } else {
    console.log(`fuzz: ok, ${outcomes.length} files read or rejected with a catalogued code`);
  }
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) await main();
