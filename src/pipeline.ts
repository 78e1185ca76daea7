import type { CampaignConfig } from './config/schema.js';
import { consolidate, type SourceOutcome } from './consolidate/consolidate.js';
import type { Consolidation } from './consolidate/schema.js';
import type { WorkbookGrid } from './core/grid.js';
import { SourceError } from './errors.js';
import { compareIssues, makeIssue, type Issue } from './issues/issue.js';
import { buildAliasTable, type AliasTable } from './normalize/columns.js';
import { extractDonations } from './normalize/extract.js';
import { repairLegacyGrid } from './normalize/repair.js';
import { readSourceFile } from './sources/read-source.js';
import { resolveSources, type ResolvedSource } from './sources/resolve.js';

/** A source as read from the outside world: a grid, or the reason it could not be read. */
export type SourceRead =
  | { source: ResolvedSource; ok: true; grid: WorkbookGrid; sha256: string; modifiedAt?: string }
  | { source: ResolvedSource; ok: false; error: SourceError };

export type Analysis = { consolidation: Consolidation; issues: Issue[]; outcomes: SourceOutcome[] };

/**
 * Pure core of a run: grids in, records, issues and totals out. Nothing here touches the disk,
 * so a whole campaign can be analysed and asserted on in memory.
 */
export function analyse(
  config: CampaignConfig,
  reads: SourceRead[],
  unresolved: { unitId: string; pattern: string }[] = [],
  aliases: AliasTable = buildAliasTable(config.columns),
): Analysis {
  const issues: Issue[] = [];
  const outcomes: SourceOutcome[] = [];
  const kinds = new Map(config.units.map((u) => [u.id, u.kind]));

  for (const { unitId, pattern } of unresolved) {
    issues.push(makeIssue('SOURCE_NOT_FOUND', { unitId, source: pattern }, { pattern }));
  }
  for (const read of reads) {
    const { source } = read;
    const where = { unitId: source.unitId, source: source.display };
    if (!read.ok) {
      issues.push(makeIssue(read.error.issueCode, where, { ...read.error.params }));
      outcomes.push({ path: source.display, unitId: source.unitId, status: 'failed', failure: read.error.issueCode, sheets: [], donations: [] });
      continue;
    }
    issues.push(...repairLegacyGrid(read.grid, where));
    const extraction = extractDonations(
      read.grid,
      {
        unitId: source.unitId,
        unitKind: kinds.get(source.unitId) ?? 'commune',
        source: source.display,
        sha256: read.sha256,
        sheet: source.spec.sheet,
        range: source.spec.range,
      },
      aliases,
    );
    issues.push(...extraction.issues);
    const failedWhole = extraction.issues.some((i) => i.code === 'SOURCE_NO_DATA' || i.code === 'SHEET_NOT_FOUND');
    const outcome: SourceOutcome = {
      path: source.display,
      unitId: source.unitId,
      status: failedWhole && extraction.donations.length === 0 ? 'failed' : 'ok',
      sha256: read.sha256,
      sheets: extraction.sheets,
      donations: extraction.donations,
    };
    if (outcome.status === 'failed') outcome.failure = extraction.issues.find((i) => i.code === 'SOURCE_NO_DATA' || i.code === 'SHEET_NOT_FOUND')!.code;
    if (read.modifiedAt) outcome.modifiedAt = read.modifiedAt;
    outcomes.push(outcome);
  }
  for (const unit of config.units) {
    if (!outcomes.some((o) => o.unitId === unit.id)) {
      issues.push(makeIssue('UNIT_MISSING', { unitId: unit.id }, { unit: unit.name }));
    }
  }
  const unitOrder = new Map(config.units.map((u, index) => [u.id, index]));
  issues.sort((a, b) => compareIssues(a, b, unitOrder));
  const consolidation = consolidate(config, outcomes, issues);
  return { consolidation, issues, outcomes };
}

/** Edge: finds and reads every configured source. One bad file never stops the others. */
export async function readSources(
  config: CampaignConfig,
  baseDir: string,
): Promise<{ reads: SourceRead[]; unresolved: { unitId: string; pattern: string }[] }> {
  const { sources, unresolved } = await resolveSources(config, baseDir);
  const reads: SourceRead[] = [];
  for (const source of sources) {
    try {
      const file = await readSourceFile(source.absolutePath, source.display);
      reads.push({ source, ok: true, grid: file.grid, sha256: file.sha256, modifiedAt: file.modifiedAt });
    } catch (error) {
      const sourceError =
        error instanceof SourceError
          ? error
          : new SourceError('SOURCE_UNREADABLE', source.display, { reason: String((error as Error)?.message ?? error).slice(0, 200) }, { cause: error });
      reads.push({ source, ok: false, error: sourceError });
    }
  }
  return { reads, unresolved };
}
