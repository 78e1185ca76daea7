/**
 * `npm run bench`: every benchmark, one after another, each printing its own lines and verdict.
 * Exit code 1 when any is over its target.
 *
 *   npm run bench                 # all
 *   npm run bench -- certificates # only the named ones
 *   npm run bench -- --quick      # smaller sizes (the province bench then skips 1M rows and says so)
 *   npm run bench -- --no-print   # the province bench without PDFs (run --no-print)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchCertificates } from './certificates.js';
import { benchNightly, printNightly } from './nightly.js';
import { benchReconcile, printReconcile } from './reconcile.js';
import { benchDocx } from './docx.js';
import { benchFeedback } from './feedback.js';
import { benchProvince, provinceSizes } from './province.js';
import { benchStartup } from './startup.js';

/** The intake bench measures each approach in its own process; run it as a child and read its verdict. */
function benchIntake(): { withinTargets: boolean } {
  const script = fileURLToPath(new URL('./intake.ts', import.meta.url));
  const quick = process.argv.includes('--quick') ? ['--quick'] : [];
  const child = spawnSync(process.execPath, ['--import', 'tsx', script, ...quick], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(child.stdout);
  return { withinTargets: child.status === 0 && /within targets/.test(child.stdout) };
}

type Bench = { name: string; run: () => Promise<{ withinTargets: boolean }> };

const BENCHES: Bench[] = [
  { name: 'intake', run: async () => benchIntake() },
  { name: 'certificates', run: () => benchCertificates() },
  {
    name: 'nightly',
    run: async () => {
      const results = await benchNightly([1, 4]);
      printNightly(results);
      return { withinTargets: results.every((r) => r.ratio <= 0.1) };
    },
  },
  { name: 'reconcile', run: async () => ({ withinTargets: printReconcile(benchReconcile(process.argv.includes('--quick') ? 0.1 : 1)) }) },
  { name: 'docx', run: () => benchDocx() },
  // `tonghop --help` and `tonghop history` from dist/, median of five: each under 0.5 s.
  { name: 'startup', run: () => benchStartup() },
  { name: 'feedback', run: () => benchFeedback(process.argv.includes('--quick') ? { count: 50 } : {}) },
  // 200 units, 10k / 100k / 1M rows through the CLI (--quick: without the 1M case).
  { name: 'province', run: () => benchProvince(provinceSizes(process.argv.slice(2)), !process.argv.includes('--no-print')) },
  // Each is also runnable alone: node --import tsx bench/<name>.ts
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let ok = true;
for (const bench of BENCHES) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`\n== ${bench.name} ==`);
  const result = await bench.run();
  if (!result.withinTargets) ok = false;
}
process.exitCode = ok ? 0 : 1;
