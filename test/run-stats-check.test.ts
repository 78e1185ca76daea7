/**
 * `history` reads stored run counters without zod (src/model/changes-checks.ts) so it starts fast;
 * it must read them exactly as RunStatsSchema does, and must learn every key the schema gains.
 */
import { describe, expect, it } from 'vitest';
import { RunStatsSchema } from '../src/model/changes.js';
import { readRunStats } from '../src/model/changes-checks.js';

const byZod = (value: unknown) => {
  const parsed = RunStatsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

const full = { sources: 12, parsed: 3, reused: 9, stale: 1, failed: 0, rendered: 40, outputsReusedFrom: '2026-12-01T02-00-00', durationMs: 5230 };
const { outputsReusedFrom: _o, durationMs: _d, ...required } = full;

const samples: [string, unknown][] = [
  ['every key', full],
  ['required keys only', required],
  ['an unknown key (dropped)', { ...full, extra: 'x' }],
  ['a counter missing (an older store)', { ...required, rendered: undefined }],
  ['a counter as text', { ...required, parsed: '3' }],
  ['a fractional counter', { ...required, reused: 1.5 }],
  ['a counter past the safe range', { ...required, sources: 2 ** 60 }],
  ['a number where text is expected', { ...full, outputsReusedFrom: 7 }],
  ['a fractional duration', { ...full, durationMs: 1.25 }],
  ['null', null],
  ['an array', [1, 2]],
  ['a number', 3],
];

describe('readRunStats reads stored counters as RunStatsSchema does', () => {
  it.each(samples)('%s', (_name, value) => {
    expect(readRunStats(value)).toEqual(byZod(value));
  });

  it('knows every key of the schema (a key added there fails here until readRunStats reads it)', () => {
    expect(Object.keys(full).sort()).toEqual(Object.keys(RunStatsSchema.shape).sort());
    expect(readRunStats(full)).toEqual(full);
  });
});
