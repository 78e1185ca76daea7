import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Decision } from '../../src/model/review.js';
import { loadConfig } from '../../src/config/load.js';
import type { CampaignConfig } from '../../src/model/config.js';
import { analyse, type Analysis, type SourceRead } from '../../src/analyse/analyse.js';
import { readSources } from '../../src/intake/read-sources.js';
import { FIXTURES } from './intake.js';

/** The small campaign of scripts/make-chasing-fixtures.ts. */
export const CHASING_DIR = path.join(FIXTURES, 'chasing');
export const CHASING_CONFIG = path.join(CHASING_DIR, 'campaign.yaml');

type Place = { source: string; sheet: string; cell: string };
export type ChasingExpected = {
  submissions: Record<string, { status: string; submittedAt?: string; via?: string; daysLate?: number }>;
  table: { expected: number; received: number; onTime: number; late: number; missing: number; failed: number };
  pairs: { code: string; a: Place; b: Place; amount: number }[];
  nguyenVanAn: string[];
  outliers: (Place & { amount: number })[];
  amountProblem: { source: string; cell: string };
  participation: { headcount: number; participants: number; exceeds: { source: string; cell: string } };
};

export function chasingExpected(): ChasingExpected {
  return JSON.parse(readFileSync(path.join(CHASING_DIR, 'expected.json'), 'utf8')) as ChasingExpected;
}

export type Chasing = { config: CampaignConfig; baseDir: string; reads: SourceRead[]; unresolved: { unitId: string; pattern: string }[] };

/** Reads the chasing campaign once; analyse it as often as a test needs (with other decisions). */
export async function readChasing(configPath: string = CHASING_CONFIG): Promise<Chasing> {
  const loaded = await loadConfig(configPath);
  const { reads, unresolved } = await readSources(loaded.config, loaded.baseDir);
  return { config: loaded.config, baseDir: loaded.baseDir, reads, unresolved };
}

/** The analysis with the config changed (decisions, deadline rule …). Grids are deep-copied: analyse repairs them in place. */
export function analyseChasing(c: Chasing, change: (config: CampaignConfig) => CampaignConfig = (x) => x): Analysis {
  const reads = c.reads.map((r) => ('grid' in r ? { ...r, grid: structuredClone(r.grid) } : r)) as SourceRead[];
  return analyse(change(c.config), reads, c.unresolved);
}

export function withDecisions(decisions: Decision[]): (config: CampaignConfig) => CampaignConfig {
  return (config) => ({ ...config, decisions });
}
