/**
 * How much a nightly run with nothing changed costs next to a full run: the demo campaign, and a
 * generated one `scale` times its size (every unit and file copied). Target: ≤ 10 %.
 *
 *   node --import tsx bench/nightly.ts [scale]      (npm run bench:nightly)
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { runCampaign, type RunResult } from '../src/run/run-campaign.js';

const DEMO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'an-lao-2023');

export type NightlyBench = {
  campaign: string;
  units: number;
  sources: number;
  fullMs: number;
  unchangedMs: number;
  /** unchangedMs / fullMs */
  ratio: number;
  unchanged: RunResult['stats'];
};

type Unit = { id: string; name: string; code?: string; sources?: unknown[] };

/** A copy of the demo with every unit (and its files) repeated `scale` times under new ids. */
function makeCampaign(dir: string, scale: number): string {
  cpSync(DEMO, dir, { recursive: true });
  const file = path.join(dir, 'campaign.yaml');
  if (scale === 1) return file;
  const config = parse(readFileSync(file, 'utf8')) as { units: Unit[]; campaign: { target?: number } };
  const units: Unit[] = [];
  for (let k = 1; k <= scale; k++) {
    const folder = k === 1 ? 'submissions' : `submissions-${k}`;
    if (k > 1) cpSync(path.join(dir, 'submissions'), path.join(dir, folder), { recursive: true });
    for (const unit of config.units) {
      const copy: Unit = { ...unit, id: k === 1 ? unit.id : `${unit.id}-${k}`, name: k === 1 ? unit.name : `${unit.name} (${k})` };
      if (k > 1) delete copy.code;
      copy.sources = (unit.sources ?? []).map((s) =>
        typeof s === 'string' ? s.replace(/^submissions\//, `${folder}/`) : { ...(s as { path: string }), path: (s as { path: string }).path.replace(/^submissions\//, `${folder}/`) },
      );
      units.push(copy);
    }
  }
  config.units = units;
  if (config.campaign.target) config.campaign.target *= scale;
  writeFileSync(file, stringify(config));
  return file;
}

async function timed(configPath: string, outputDir: string): Promise<{ ms: number; result: RunResult }> {
  const start = performance.now();
  const result = await runCampaign({ configPath, mode: 'run', outputDir });
  return { ms: performance.now() - start, result };
}

/** Full run into an empty output folder, then the same campaign again with nothing changed. */
export async function benchNightly(scales: number[] = [1, 4]): Promise<NightlyBench[]> {
  const results: NightlyBench[] = [];
  for (const scale of scales) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-bench-nightly-'));
    try {
      const config = makeCampaign(path.join(dir, 'campaign'), scale);
      const output = path.join(dir, 'out');
      const full = await timed(config, output);
      const again = await timed(config, output);
      results.push({
        campaign: scale === 1 ? 'demo (An Lão 2023)' : `demo × ${scale}`,
        units: full.result.summary.units.length,
        sources: full.result.summary.sources.length,
        fullMs: full.ms,
        unchangedMs: again.ms,
        ratio: again.ms / full.ms,
        unchanged: again.result.stats,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export function printNightly(results: NightlyBench[]): void {
  const rows = results.map((r) => [
    r.campaign,
    String(r.units),
    String(r.sources),
    `${(r.fullMs / 1000).toFixed(2)} s`,
    `${(r.unchangedMs / 1000).toFixed(2)} s`,
    `${(r.ratio * 100).toFixed(1)} %`,
    `parsed ${r.unchanged?.parsed}, reused ${r.unchanged?.reused}, rendered ${r.unchanged?.rendered}`,
  ]);
  const header = ['campaign', 'units', 'files', 'full run', 'no-change rerun', 'ratio', 'rerun did'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  const worst = Math.max(...results.map((r) => r.ratio));
  console.log(worst <= 0.1 ? `OK: a no-change rerun costs at most ${(worst * 100).toFixed(1)} % of a full run (target ≤ 10 %).` : `OVER TARGET: ${(worst * 100).toFixed(1)} % > 10 %.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = process.argv[2] ? Number(process.argv[2]) : 4;
  printNightly(await benchNightly(scale > 1 ? [1, scale] : [1]));
}
