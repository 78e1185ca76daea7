/**
 * A province's public page: past PUBLIC_PAGE_MAX_ROWS donors the page lists the units, each linking
 * to a page of its own (where the search by name works), instead of one page no phone can open.
 * Every donor is on exactly one unit page and the unit totals add up to the campaign's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, describe, expect, it } from 'vitest';
import type { Donation } from '../src/model/record.js';
import type { SourceOutcome } from '../src/model/source.js';
import { PUBLIC_PAGE_DIR, PUBLIC_PAGE_MAX_ROWS, writePublicOutputs } from '../src/outputs/public/write-public.js';
import { analyseDemo } from './helpers/demo.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'tonghop-public-split-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `n` donors of unit `unitId`, names numbered so each can be found on exactly one page. */
function outcome(unitId: string, n: number, like: Donation): SourceOutcome {
  const donations = Array.from({ length: n }, (_, i) => ({ ...like, name: `Người ${unitId} số ${i + 1}`, amount: 100_000 + i, anonymous: false }));
  return { path: `${unitId}.xlsx`, unitId, status: 'ok', sheets: [], donations } as SourceOutcome;
}

async function write(units: { id: string; n: number }[]): Promise<string> {
  const demo = await analyseDemo();
  const like = demo.outcomes.flatMap((o) => o.donations)[0]!;
  const config = {
    ...demo.config,
    units: units.map((u) => ({ id: u.id, name: `Xã ${u.id}`, kind: 'commune' as const, sources: [] })),
    public: { ...demo.config.public!, lists: false, page: true },
  };
  const dir = mkdtempSync(path.join(work, 'out-'));
  // Without lists nothing is printed, so no browser is started.
  await writePublicOutputs({ config, outcomes: units.map((u) => outcome(u.id, u.n, like)), reportDate: '2023-10-05', dir, browser: undefined as unknown as Browser });
  return path.join(dir, PUBLIC_PAGE_DIR);
}

const rowsOf = (html: string) => html.match(/<tr data-key=/g)?.length ?? 0;

describe('the public page of a campaign too long for one page', () => {
  it('stays one searchable page up to the limit', async () => {
    const page = await write([{ id: 'xa-a', n: 300 }, { id: 'xa-b', n: 200 }]);
    expect(readdirSync(page)).toEqual(['index.html']);
    const html = readFileSync(path.join(page, 'index.html'), 'utf8');
    expect(rowsOf(html)).toBe(500);
    expect(html).toContain('id="tim"');
  });

  it('past the limit: an index of units linking to one page per unit, every donor on exactly one', async () => {
    const units = [{ id: 'xa-a', n: PUBLIC_PAGE_MAX_ROWS }, { id: 'xa-b', n: 7 }];
    const page = await write(units);
    expect(readdirSync(page).sort()).toEqual(['don-vi', 'index.html']);
    const index = readFileSync(path.join(page, 'index.html'), 'utf8');
    expect(rowsOf(index)).toBe(0);
    expect(index).not.toContain('id="tim"');
    expect(index).toContain('href="don-vi/xa-a.html"');
    expect(index).toContain('href="don-vi/xa-b.html"');
    expect(index).toContain(`${PUBLIC_PAGE_MAX_ROWS.toLocaleString('de-DE')} lượt`);
    // The campaign's totals on the index: every donor counted once.
    expect(index).toContain(`Số lượt ủng hộ<b>${(PUBLIC_PAGE_MAX_ROWS + 7).toLocaleString('de-DE')}</b>`);
    expect(readdirSync(path.join(page, 'don-vi')).sort()).toEqual(['xa-a.html', 'xa-b.html']);
    for (const u of units) {
      const html = readFileSync(path.join(page, 'don-vi', `${u.id}.html`), 'utf8');
      expect(rowsOf(html)).toBe(u.n);
      expect(html).toContain('id="tim"');
      expect(html).toContain('href="../index.html"');
      // The totals at the top are the unit's own.
      expect(html).toContain(`Số lượt ủng hộ<b>${u.n.toLocaleString('de-DE')}</b>`);
      expect(html).toContain(`Người ${u.id} số ${u.n}<`);
      expect(html).not.toContain(`Người ${u.id === 'xa-a' ? 'xa-b' : 'xa-a'} số 1<`);
    }
  });
});
