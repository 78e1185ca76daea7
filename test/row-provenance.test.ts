import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAliasTable } from '../src/extract/columns.js';
import { extractDonations } from '../src/extract/extract.js';
import { rowProvenance } from '../src/extract/row-provenance.js';
import { readSourceFile } from '../src/intake/read-source.js';
import { parseAddress } from '../src/model/a1.js';
import type { SourceOutcome } from '../src/model/source.js';
import { openStore } from '../src/store/db.js';
import { saveSourceStates, snapshotOf } from '../src/store/snapshots.js';
import { FIXTURES } from './helpers/intake.js';

/** A fixture read and extracted as a run does, with its grid kept for looking the cells up. */
async function readFixture(relative: string) {
  const read = await readSourceFile(path.join(FIXTURES, relative), relative);
  const extraction = extractDonations(read.grid, { unitId: 'u', unitKind: 'commune', source: relative, sha256: read.sha256 }, buildAliasTable({}));
  return { grid: read.grid, sha256: read.sha256, extraction };
}

/** The provenance as the plain object the schema describes (what older stores hold). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a record kept lean in memory still says where it came from', () => {
  it('reads, JSON, spreads and equality see the plain {source, sheet, row, cells, sha256}, in that order', () => {
    const p = rowProvenance('submissions/xa-a.xlsx', 'DS', 12, [['name', 1], ['date', 4], ['amount', 27]], 'abc');
    const expected = { source: 'submissions/xa-a.xlsx', sheet: 'DS', row: 12, cells: { name: 'B12', date: 'E12', amount: 'AB12' }, sha256: 'abc' };
    expect(p).toEqual(expected);
    expect({ ...p }).toEqual(expected);
    expect(Object.keys(p)).toEqual(['source', 'sheet', 'row', 'cells', 'sha256']);
    expect(JSON.stringify(p)).toBe(JSON.stringify(expected));
    expect(structuredClone(p)).toEqual(expected);
    // Another row read from the same columns shares their layout and names its own cells.
    const next = rowProvenance('submissions/xa-a.xlsx', 'DS', 13, [['name', 1], ['date', 4], ['amount', 27]], 'abc');
    expect(next.cells).toEqual({ name: 'B13', date: 'E13', amount: 'AB13' });
    expect(p.cells.amount).toBe('AB12');
  });

  it('every cell a record names holds what the record says, in every list of the demo campaign', async () => {
    const files = readdirSync(path.join(FIXTURES, 'an-lao-2023', 'submissions')).filter((f) => f.endsWith('.xlsx'));
    let checked = 0;
    for (const file of files) {
      // The demo has a truncated workbook on purpose; it yields no records.
      const read = await readFixture(path.join('an-lao-2023', 'submissions', file)).catch(() => undefined);
      if (!read) continue;
      const { grid, extraction } = read;
      for (const d of extraction.donations) {
        const sheet = grid.sheets.find((s) => s.name === d.provenance.sheet)!;
        for (const [field, address] of Object.entries(d.provenance.cells)) {
          const at = parseAddress(address)!;
          expect(at.row + 1, `${file} ${address}`).toBe(d.provenance.row);
          const cell = sheet.rows[at.row]?.[at.col];
          expect(cell?.value ?? null, `${file} ${field} ${address}`).not.toBeNull();
          if (field === 'name') expect(String(cell!.value).replace(/\s+/g, ' ').trim()).toContain(d.name.split(' ').at(-1));
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the store keeps a source snapshot in the same JSON as before, and reads it back equal', async () => {
    const { sha256, extraction } = await readFixture('intake/title-rows.xlsx');
    const outcome: SourceOutcome = { path: 'intake/title-rows.xlsx', unitId: 'u', status: 'ok', sha256, sheets: extraction.sheets, donations: extraction.donations };
    const first = extraction.donations[0]!;
    // The JSON of a record is that of the plain object a run held before the lean record (older stores).
    expect(JSON.stringify(first)).toBe(JSON.stringify({ ...plain(first), provenance: { source: 'intake/title-rows.xlsx', sheet: 'Danh sách', row: 8, cells: { name: 'B8', date: 'E8', address: 'C8', amount: 'D8' }, sha256 } }));
    const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-provenance-'));
    dirs.push(dir);
    const db = openStore(path.join(dir, 'tonghop.sqlite'));
    try {
      db.transaction(() =>
        saveSourceStates(
          db,
          [{ unitId: 'u', path: outcome.path, sha256, runId: 'r1', outcome, issues: [], parseKey: 'k', readAt: '2024-11-01T00:00:00.000Z' }],
          [{ unit: 'u', path: outcome.path, sha: sha256, modified: null, size: null, status: 'ok', run: 'r1', goodRun: 'r1', goodSha: sha256 }],
        ),
      )();
      const back = snapshotOf(db, 'u', outcome.path, sha256)!;
      expect(back.outcome.donations).toEqual(outcome.donations);
      expect(back.outcome.donations.map((d) => d.provenance.cells.amount)).toEqual(['D8', 'D9', 'D13', 'D14']);
    } finally {
      db.close();
    }
  });
});
