import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { analyse, type Analysis } from '../../src/analyse/analyse.js';
import { readSources } from '../../src/intake/read-sources.js';
import { FIXTURES } from './intake.js';

export const DEMO_CONFIG = path.join(FIXTURES, 'an-lao-2023', 'campaign.yaml');

export type Expected = {
  total: { amount: number; donors: number };
  units: Record<
    string,
    {
      status: string;
      donors: number;
      amount: number;
      byCategory?: Record<string, { donors: number; amount: number }>;
      byStatus?: Record<string, { donors: number; amount: number }>;
    }
  >;
  problems: { code: string; alsoAccept?: string[]; unit: string; file: string | null; sheet: string | null; cell: string | null }[];
};

/** Ground truth written by scripts/make-fixtures.ts, independent of the reader. */
export function demoExpected(): Expected {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'an-lao-2023', 'expected.json'), 'utf8')) as Expected;
}

/** The demo campaign analysed in memory, as a run does before writing anything. */
export async function analyseDemo(): Promise<Analysis & { config: Awaited<ReturnType<typeof loadConfig>>['config'] }> {
  const loaded = await loadConfig(DEMO_CONFIG);
  const { reads, unresolved } = await readSources(loaded.config, loaded.baseDir);
  return { ...analyse(loaded.config, reads, unresolved), config: loaded.config };
}
