/**
 * Start-up benchmark: how long `tonghop --help` and `tonghop history` take from the built CLI
 * (dist/, as users run it), the median of five runs each, in wall time and in the child's own CPU
 * time (user + system, reported by the child as it exits), with the machine's load average beside
 * them: wall time on a busy machine is mostly waiting for a core, CPU time is what the command costs.
 * `history` reads a store holding one run of the demo campaign (made first with `run --no-print`).
 * Built first when dist/ is missing or older than src/. Target: each under half a second of wall
 * time (< 0.5 s) on 2 cores; exits 1 when over.
 *
 *   node --import tsx bench/startup.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DEMO_CONFIG = path.join(ROOT, 'fixtures', 'an-lao-2023', 'campaign.yaml');
const RUNS = 5;
const TARGET_SECONDS = 0.5;
/** Preloaded into each timed child: writes the process's own CPU time to stderr as it exits. */
const CPU_REPORT = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`TONGHOP_CPU_US ${u.user + u.system}\\n`); });",
)}`;

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

type Timing = { wall: number; cpu: number };

function timeCommand(args: string[]): Timing {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const child = spawnSync(process.execPath, ['--import', CPU_REPORT, CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    walls.push((performance.now() - started) / 1000);
    const cpu = /TONGHOP_CPU_US (\d+)/.exec(child.stderr)?.[1];
    if (!cpu) throw new Error(`bench startup: tonghop ${args.join(' ')} reported no CPU time (exit ${child.status}): ${child.stderr}`);
    cpus.push(Number(cpu) / 1e6);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/** A store with one successful run of the demo campaign, as `history` usually finds it. */
function storeWithOneRun(out: string): void {
  const run = spawnSync(process.execPath, [CLI, 'run', '--config', DEMO_CONFIG, '--output', out, '--no-print', '--quiet'], { stdio: 'ignore' });
  // 0 = clean, 1 = the demo's deliberate data issues; anything else means no run was stored.
  if (run.status !== 0 && run.status !== 1) throw new Error(`bench startup: the demo run failed (exit ${run.status})`);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

export async function benchStartup(log: (line: string) => void = (l) => console.log(l)): Promise<{ withinTargets: boolean }> {
  ensureBuilt();
  const out = mkdtempSync(path.join(tmpdir(), 'tonghop-bench-startup-'));
  try {
    storeWithOneRun(out);
    const loadBefore = load();
    const bare = timeCommand(['--version']);
    const cases = [
      { name: 'tonghop --help', timing: timeCommand(['--help']) },
      { name: 'tonghop history', timing: timeCommand(['history', '--config', DEMO_CONFIG, '--output', out]) },
    ];
    let ok = true;
    const seconds = (t: Timing) => `${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU`;
    for (const c of cases) {
      log(`${c.name.padEnd(18)} ${seconds(c.timing)} (median of ${RUNS}; target < ${TARGET_SECONDS} s wall)`);
      if (c.timing.wall >= TARGET_SECONDS) ok = false;
    }
    log(`  tonghop --version ${seconds(bare)}: node's own start and commander`);
    log(`  load average ${loadBefore} before, ${load()} after (1, 5, 15 min) on ${availableParallelism()} cores: wall time above CPU time is waiting for a core`);
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
