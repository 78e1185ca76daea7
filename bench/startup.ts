/**
 * Start-up benchmark: how long `tonghop --help` and `tonghop history` take from the built CLI
 * (dist/, as users run it), the median of five runs each. Built first when dist/ is missing or older
 * than src/. Target: each well under half a second (< 0.5 s) on 2 cores.
 *
 *   node --import tsx bench/startup.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DEMO_CONFIG = path.join(ROOT, 'fixtures', 'an-lao-2023', 'campaign.yaml');
const RUNS = 5;
const TARGET_SECONDS = 0.5;

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** dist/ as users run it: rebuilt when any source is newer. */
function ensureBuilt(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest(path.join(ROOT, 'src'))) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('bench startup: the build failed');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCommand(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    spawnSync(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

export async function benchStartup(log: (line: string) => void = (l) => console.log(l)): Promise<{ withinTargets: boolean }> {
  ensureBuilt();
  const out = mkdtempSync(path.join(tmpdir(), 'tonghop-bench-startup-'));
  try {
    const bare = timeCommand(['--version']);
    const cases = [
      { name: 'tonghop --help', seconds: timeCommand(['--help']) },
      { name: 'tonghop history', seconds: timeCommand(['history', '--config', DEMO_CONFIG, '--output', out]) },
    ];
    let ok = true;
    for (const c of cases) {
      log(`${c.name.padEnd(18)} ${c.seconds.toFixed(2)} s (median of ${RUNS}; target < ${TARGET_SECONDS} s)`);
      if (c.seconds >= TARGET_SECONDS) ok = false;
    }
    log(`  tonghop --version ${bare.toFixed(2)} s: node's own start and commander; load average ${loadavg()[0]!.toFixed(1)}`);
    log(ok ? 'bench startup: within targets' : 'bench startup: OVER TARGET (see above)');
    return { withinTargets: ok };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { withinTargets } = await benchStartup();
  process.exitCode = withinTargets ? 0 : 1;
}
