/**
 * `npm run bench`: every benchmark, one after another, each printing its own lines and verdict.
 * Exit code 1 when any is over its target.
 *
 *   npm run bench                 # all
 *   npm run bench -- certificates # only the named ones
 */
import { benchCertificates } from './certificates.js';

type Bench = { name: string; run: () => Promise<{ withinTargets: boolean }> };

const BENCHES: Bench[] = [
  { name: 'certificates', run: () => benchCertificates() },
  // Add other benchmarks here: { name: 'nightly', run: async () => … }, { name: 'intake', run: … }
  // (bench/nightly.ts and bench/intake.ts are also runnable alone with node --import tsx).
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
