import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CampaignConfigSchema, type CampaignConfig } from '../src/model/config.js';
import { ISSUE_CODES } from '../src/model/issue-catalogue.js';

/** The demo campaign written by scripts/make-fixtures.ts. */
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/an-lao-2023');

/** DOMAIN.md §1: the 17 communes and towns of An Lão district in 2023 and their official codes. */
const OFFICIAL: Readonly<Record<string, string>> = {
  '11629': 'Thị trấn An Lão',
  '11632': 'Xã Bát Trang',
  '11635': 'Xã Trường Thọ',
  '11638': 'Xã Trường Thành',
  '11641': 'Xã An Tiến',
  '11644': 'Xã Quang Hưng',
  '11647': 'Xã Quang Trung',
  '11650': 'Xã Quốc Tuấn',
  '11653': 'Xã An Thắng',
  '11656': 'Thị trấn Trường Sơn',
  '11659': 'Xã Tân Dân',
  '11662': 'Xã Thái Sơn',
  '11665': 'Xã Tân Viên',
  '11668': 'Xã Mỹ Đức',
  '11671': 'Xã Chiến Thắng',
  '11674': 'Xã An Thọ',
  '11677': 'Xã An Thái',
};

/** The one configured path that deliberately does not exist (a unit that has not reported). */
const DELIBERATELY_MISSING = ['submissions/xa-tan-dan.xlsx'];

type Breakdown = Record<string, { donors: number; amount: number }>;
interface ExpectedUnit {
  status: 'reported' | 'missing' | 'failed';
  donors: number;
  amount: number;
  byCategory: Breakdown;
  byStatus: Breakdown;
  files: string[];
}
interface Expected {
  units: Record<string, ExpectedUnit>;
  total: { amount: number; donors: number; byCategory: Breakdown; byStatus: Breakdown; units: Record<string, number> };
  problems: { code: string; alsoAccept?: string[]; unit: string; file: string | null; sheet: string | null; cell: string | null }[];
  notices: { code: string; file: string; sheet: string }[];
}

function loadConfig(): CampaignConfig {
  return CampaignConfigSchema.parse(parse(readFileSync(path.join(DIR, 'campaign.yaml'), 'utf8')));
}

function loadExpected(): Expected {
  return JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8')) as Expected;
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

/** Adds up per-key breakdowns. */
function addBreakdowns(parts: readonly Breakdown[]): Breakdown {
  const out: Breakdown = {};
  for (const part of parts) {
    for (const [key, b] of Object.entries(part)) {
      const acc = (out[key] ??= { donors: 0, amount: 0 });
      acc.donors += b.donors;
      acc.amount += b.amount;
    }
  }
  return out;
}

describe('demo campaign fixtures/an-lao-2023', () => {
  it('campaign.yaml parses with CampaignConfigSchema', () => {
    const config = loadConfig();
    expect(config.campaign.plan).toEqual({ number: '50/KH-MTTQ-BTT', date: '2023-08-01' });
    expect(config.campaign.period).toEqual({ from: '2023-08-01', to: '2023-09-30' });
    expect(config.campaign.deadline).toBe('2023-10-05');
    expect(config.issuer.parents).toEqual(['ỦY BAN MTTQ VIỆT NAM', 'HUYỆN AN LÃO']);
    expect(config.issuer.signer).toEqual({ onBehalf: 'TM. BAN THƯỜNG TRỰC', title: 'CHỦ TỊCH', name: 'Nguyễn Thị Nhung' });
    expect(config.report.number).toBe('62/BC-MTTQ-BTT');
    expect(config.report.date).toBe('2023-10-05');
    expect(config.output).toBe('../../output');
    expect(config.campaign.target).toBe(sum(config.units.map((u) => u.target ?? 0)));
  });

  it('lists the 17 communes and towns with their official codes', () => {
    const config = loadConfig();
    const local = config.units.filter((u) => u.kind === 'commune' || u.kind === 'town');
    expect(local).toHaveLength(17);
    const byCode = Object.fromEntries(local.map((u) => [u.code, u]));
    for (const [code, name] of Object.entries(OFFICIAL)) {
      const unit = byCode[code];
      expect(unit, `unit with code ${code}`).toBeDefined();
      expect(unit?.name).toBe(name);
      expect(unit?.kind).toBe(name.startsWith('Thị trấn') ? 'town' : 'commune');
      expect(unit?.id).toMatch(name.startsWith('Thị trấn') ? /^tt-/ : /^xa-/);
    }
  });

  it('has at least five member organisations', () => {
    const orgs = loadConfig().units.filter((u) => u.kind === 'organisation');
    expect(orgs.length).toBeGreaterThanOrEqual(5);
    for (const name of ['Liên đoàn Lao động huyện', 'Hội Nông dân huyện', 'Hội Liên hiệp Phụ nữ huyện', 'Huyện đoàn', 'Hội Cựu chiến binh huyện']) {
      expect(orgs.map((o) => o.name)).toContain(name);
    }
  });

  it('every referenced source file exists except the deliberately missing one', () => {
    const config = loadConfig();
    const paths = config.units.flatMap((u) => u.sources.map((s) => s.path));
    const absent = paths.filter((p) => !existsSync(path.join(DIR, p)));
    expect(absent).toEqual(DELIBERATELY_MISSING);
    // …and exactly one unit has not configured any source at all.
    expect(config.units.filter((u) => u.sources.length === 0).map((u) => u.id)).toEqual(['huyen-doan']);
  });

  it('expected.json covers every unit and its totals add up', () => {
    const config = loadConfig();
    const expected = loadExpected();
    expect(Object.keys(expected.units).sort()).toEqual(config.units.map((u) => u.id).sort());

    const units = Object.values(expected.units);
    expect(expected.total.amount).toBe(sum(units.map((u) => u.amount)));
    expect(expected.total.donors).toBe(sum(units.map((u) => u.donors)));
    expect(expected.total.byCategory).toEqual(addBreakdowns(units.map((u) => u.byCategory)));
    expect(expected.total.byStatus).toEqual(addBreakdowns(units.map((u) => u.byStatus)));

    for (const [id, u] of Object.entries(expected.units)) {
      expect(sum(Object.values(u.byCategory).map((b) => b.amount)), `${id} byCategory`).toBe(u.amount);
      expect(sum(Object.values(u.byStatus).map((b) => b.donors)), `${id} byStatus`).toBe(u.donors);
      if (u.status !== 'reported') expect(u.amount, `${id} is not reported`).toBe(0);
      for (const file of u.files) expect(existsSync(path.join(DIR, file)), file).toBe(true);
    }
    const status = (s: ExpectedUnit['status']): string[] =>
      Object.entries(expected.units).filter(([, u]) => u.status === s).map(([id]) => id).sort();
    expect(status('missing')).toEqual(['huyen-doan', 'xa-tan-dan']);
    expect(status('failed')).toEqual(['xa-an-thang']);
    expect(expected.total.units).toMatchObject({ reported: 20, missing: 2, failed: 1, total: 23 });
  });

  it('expected problems use catalogue codes and point at real files', () => {
    const expected = loadExpected();
    const codes = new Set<string>(ISSUE_CODES);
    for (const p of [...expected.problems, ...expected.notices]) expect(codes.has(p.code), p.code).toBe(true);
    for (const p of expected.problems) {
      for (const code of p.alsoAccept ?? []) expect(codes.has(code), code).toBe(true);
      if (p.file !== null && p.code !== 'SOURCE_NOT_FOUND') expect(existsSync(path.join(DIR, p.file)), p.file).toBe(true);
      if (p.cell !== null) expect(p.cell).toMatch(/^[A-Z]{1,3}\d+$/);
    }
    expect(expected.problems.map((p) => p.code).sort()).toEqual(
      ['AMOUNT_INVALID', 'AMOUNT_MISSING', 'SOURCE_CORRUPT', 'SOURCE_NOT_FOUND', 'TOTAL_MISMATCH', 'UNIT_LATE', 'UNIT_LATE', 'UNIT_MISSING', 'UNIT_MISSING'],
    );
  });

  it('ships the narrative sections', () => {
    for (const name of ['chi-dao.md', 'danh-gia.md', 'de-xuat.md']) {
      const text = readFileSync(path.join(DIR, 'narrative', name), 'utf8');
      const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim().length > 0);
      expect(paragraphs.length, name).toBeGreaterThanOrEqual(2);
      expect(paragraphs.length, name).toBeLessThanOrEqual(4);
    }
  });
});
