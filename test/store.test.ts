import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { MIGRATIONS } from '../src/store/migrations.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store', () => {
  it('is created on first use at the latest schema version, and reopening keeps it', () => {
    const file = path.join(dir, 'a', 'tonghop.sqlite');
    const db = openStore(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.prepare("INSERT INTO runs (id, campaign, started_at, status) VALUES ('r1', 'c', 'now', 'ok')").run();
    db.close();
    const again = openStore(file);
    expect(again.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
    again.close();
  });

  it('refuses a store written by a newer tonghop', () => {
    const file = path.join(dir, 'b.sqlite');
    const db = openStore(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(file)).toThrow(/mới hơn/);
  });
});
