/**
 * Fingerprints that decide what a nightly run may reuse: a snapshot only while the parser and its
 * settings are the same, a whole earlier run's outputs only while every input is the same.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CampaignConfig } from '../model/config.js';
import type { ResolvedSource } from '../model/source.js';
import { TOOL_VERSION } from '../version.js';

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `dir` (sorted, relative paths), skipping source maps. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.map')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Content hash of a folder's files (names and bytes). */
export function hashFolder(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(path.relative(dir, file)).update('\u0000');
    hash.update(readFileSync(file)).update('\u0000');
  }
  return hash.digest('hex');
}

let cachedCode: string | undefined;

/**
 * The code that reads and prints (this package's `src/` or `dist/`), so an upgrade or a code change
 * never reuses a snapshot made by another parser. TONGHOP_CODE_FINGERPRINT pins it (tests, where
 * files are edited while they run).
 */
export function codeFingerprint(): string {
  const pinned = process.env['TONGHOP_CODE_FINGERPRINT'];
  if (pinned) return pinned;
  cachedCode ??= sha256(`${TOOL_VERSION}\u0000${hashFolder(path.dirname(path.dirname(fileURLToPath(import.meta.url))))}`);
  return cachedCode;
}

/** What decides how one source is parsed: the code, header aliases, the source's sheet/range, the unit's kind. */
export function parseKey(config: CampaignConfig, source: Pick<ResolvedSource, 'unitId' | 'spec'>, code: string = codeFingerprint()): string {
  const kind = config.units.find((u) => u.id === source.unitId)?.kind ?? 'commune';
  return sha256(JSON.stringify({ code, columns: config.columns, spec: source.spec, kind }));
}

/** Everything a run's outputs depend on; equal keys mean the outputs would be the same files. */
export function inputKey(parts: {
  code: string;
  config: unknown;
  narrative: unknown;
  templates: string;
  reportDate: string;
  sources: { unitId: string; path: string; content: string }[];
  unresolved: { unitId: string; pattern: string }[];
}): string {
  return sha256(JSON.stringify(parts));
}
