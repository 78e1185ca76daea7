import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { minimalCampaignFields } from '../../fixtures/tools/campaign.js';
import { donorSheet, hostileWorkbook } from '../../fixtures/tools/hostile-xlsx.js';
import { BUILT_CLI } from './cli.js';

/** A two-unit campaign on disk: a CSV list and an .xlsx list, with an output folder beside. */
export function faultCampaign(prefix: string): { dir: string; config: string; output: string; csv: string; xlsx: string; csvText: string; xlsxBytes: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const units = [
    { id: 'xa-an-hoa', name: 'Xã An Hòa', kind: 'commune', sources: ['an-hoa.csv'] },
    { id: 'xa-an-binh', name: 'Xã An Bình', kind: 'commune', sources: ['an-binh.xlsx'] },
  ];
  writeFileSync(path.join(dir, 'campaign.yaml'), stringify(minimalCampaignFields(units)));
  const rows = Array.from({ length: 60 }, (_, i) => `${i + 1},Người ủng hộ số ${i + 1},${(i + 1) * 10_000}`);
  const csvText = ['STT,Họ và tên,Số tiền', ...rows].join('\n') + '\n';
  writeFileSync(path.join(dir, 'an-hoa.csv'), csvText);
  const xlsxBytes = hostileWorkbook(donorSheet(Array.from({ length: 40 }, (_, i): [string, number] => [`Hộ gia đình ${i + 1}`, 50_000 + i * 1_000])));
  writeFileSync(path.join(dir, 'an-binh.xlsx'), xlsxBytes);
  return { dir, config: path.join(dir, 'campaign.yaml'), output: path.join(dir, 'output'), csv: path.join(dir, 'an-hoa.csv'), xlsx: path.join(dir, 'an-binh.xlsx'), csvText, xlsxBytes };
}

/** What a later fault must leave as it was: where latest points, its summary, the good runs in the store. */
export type GoodState = { latest: string; summary: string; okRuns: string[] };

export function goodState(output: string): GoodState {
  const latest = readlinkSync(path.join(output, 'latest'));
  return { latest, summary: readFileSync(path.join(output, latest, 'summary.json'), 'utf8'), okRuns: storeRuns(output).filter((r) => r.status === 'ok').map((r) => r.id) };
}

export function storeRuns(output: string): { id: string; status: string }[] {
  const db = new Database(path.join(output, 'tonghop.sqlite'), { readonly: true });
  try {
    if (db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error(`store of ${output} fails integrity_check`);
    return db.prepare('SELECT id, status FROM runs ORDER BY id').all() as { id: string; status: string }[];
  } finally {
    db.close();
  }
}

/**
 * Runs a shell script in a private mount namespace, so it can mount a small or read-only tmpfs
 * that no other process sees and that vanishes with it (needs root, or passwordless sudo in CI).
 */
export function inPrivateMounts(script: string): { status: number | null; stdout: string; stderr: string } {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const command = root ? 'unshare' : 'sudo';
  const args = [...(root ? [] : ['-n', 'unshare']), '--mount', '--propagation', 'private', 'sh', '-ec', script];
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 600_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The built CLI as a shell command line (for scripts run by inPrivateMounts). */
export function cliCommand(args: string[]): string {
  return [process.execPath, BUILT_CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

/** A copy of an output folder, to run a fault against while the original stays the reference. */
export function copyOutput(from: string, to: string): string {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  return to;
}
