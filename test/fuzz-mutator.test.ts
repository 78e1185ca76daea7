/** The fuzz suite's mutator (scripts/fuzz.ts) is deterministic and really changes its seeds. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mutant } from '../scripts/fuzz.js';

const GOOD = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'broken', 'good-list.xlsx'));
const CSV = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'broken', 'semicolon-bom.csv'));

describe('fuzz mutator', () => {
  it('makes the same bytes for the same seed and index, other bytes for another', () => {
    expect(mutant(GOOD, '.xlsx', 16, 7).equals(mutant(GOOD, '.xlsx', 16, 7))).toBe(true);
    expect(mutant(GOOD, '.xlsx', 16, 7).equals(mutant(GOOD, '.xlsx', 17, 7))).toBe(false);
  });

  it('changes nearly every mutant, and keeps many of them valid zip packages', () => {
    const mutants = Array.from({ length: 200 }, (_, i) => mutant(GOOD, '.xlsx', 16, i));
    const changed = mutants.filter((m) => !m.equals(GOOD)).length;
    const distinct = new Set(mutants.map((m) => m.toString('base64'))).size;
    expect(changed).toBeGreaterThan(180);
    expect(distinct).toBeGreaterThan(150);
    expect(mutants.filter((m) => m.subarray(0, 2).toString('latin1') === 'PK').length).toBeGreaterThan(100);
    expect(Array.from({ length: 50 }, (_, i) => mutant(CSV, '.csv', 16, i)).filter((m) => !m.equals(CSV)).length).toBeGreaterThan(40);
  });
});
