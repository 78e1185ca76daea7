/**
 * A failed run, made visible where people look: the page `latest` points to gets a banner naming
 * the failure, when it happened and the last good run. `latest` itself stays on the good run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDashboard, type FailedRun } from '../outputs/dashboard.js';
import { OUTPUT_FILES } from '../outputs/write-outputs.js';
import type { Summary } from '../model/summary.js';
import { latestTarget } from './retention.js';

/**
 * Rewrites latest/index.html with the failure banner. Returns the last good run (undefined when
 * no run has succeeded yet, so there is no page to mark).
 */
export async function markLatestFailed(outputRoot: string, failed: FailedRun): Promise<{ id: string; at: string } | undefined> {
  const target = await latestTarget(outputRoot);
  if (!target) return undefined;
  const dir = path.join(outputRoot, target);
  const summary = JSON.parse(await readFile(path.join(dir, OUTPUT_FILES.summary), 'utf8')) as Summary;
  await writeDashboard(summary, dir, failed);
  return { id: summary.run.id, at: summary.run.startedAt };
}
