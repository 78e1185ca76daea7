import path from 'node:path';
import { buildAliasTable } from '../../src/extract/columns.js';
import { extractDonations, type Extraction } from '../../src/extract/extract.js';
import { repairLegacyGrid } from '../../src/extract/repair.js';
import { readSourceFile } from '../../src/intake/read-source.js';
import type { FieldName, UnitKind } from '../../src/model/config.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

/** Reads one fixture file the way a run does (read → repair legacy text → extract). */
export async function intakeFile(
  relative: string,
  options: { kind?: UnitKind; sheet?: string; range?: string; aliases?: Partial<Record<FieldName, string[]>> } = {},
): Promise<Extraction> {
  const file = path.join(FIXTURES, relative);
  const read = await readSourceFile(file, relative);
  const where = { unitId: 'u', source: relative };
  const repaired = repairLegacyGrid(read.grid, where);
  const extraction = extractDonations(
    read.grid,
    { unitId: 'u', unitKind: options.kind ?? 'commune', source: relative, sha256: read.sha256, sheet: options.sheet, range: options.range },
    buildAliasTable(options.aliases ?? {}),
  );
  return { ...extraction, issues: [...repaired, ...extraction.issues] };
}

/** Compact view of records for assertions: "name|amount|status|row". */
export function brief(extraction: Extraction): string[] {
  return extraction.donations.map((d) => `${d.name}|${d.amount}|${d.status}|${d.provenance.sheet}!${d.provenance.cells.amount}`);
}

export function issueCodes(extraction: Extraction): string[] {
  return extraction.issues.map((i) => `${i.code}@${i.location.sheet ?? ''}!${i.location.cell ?? i.location.row ?? ''}`);
}
