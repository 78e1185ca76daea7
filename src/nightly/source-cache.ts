/**
 * The SourceCache nightly runs read through: an unchanged file reuses its snapshot instead of being
 * parsed again, a failed or vanished one stands in with its last good snapshot, and a successful
 * run records what it read. The rows themselves are the store's (src/store/snapshots.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import nodePath from 'node:path';
import type { SourceAnalysis, SourceRead } from '../analyse/analyse.js';
import { SourceError } from '../errors/errors.js';
import { READ_LIMITS } from '../intake/read-limits.js';
import type { CampaignConfig } from '../model/config.js';
import type { ResolvedSource, ReusedRead, SourceCache, SourceSnapshot, UnresolvedSource } from '../model/source.js';
import type { Store } from '../store/db.js';
import { lastGoodSnapshot, saveSourceStates, snapshotOf, sourceState, type SnapshotWrite, type SourceStateWrite } from '../store/snapshots.js';
import { parseKey, sha256 } from './fingerprint.js';

/** What the cache saw of a local file this run; recorded with the source after a successful run. */
type Seen = { size: number; modifiedAt: string; sha256: string };

function key(unitId: string, path: string): string {
  return `${unitId}\u0000${path}`;
}

/** The store-backed SourceCache of one run. */
export class StoreSourceCache implements SourceCache {
  readonly #db: Store;
  readonly #config: CampaignConfig;
  readonly #code: string;
  readonly #seen = new Map<string, Seen>();

  constructor(db: Store, config: CampaignConfig, code: string) {
    this.#db = db;
    this.#config = config;
    this.#code = code;
  }

  /** Size, time and hash of a local file as seen this run. */
  seen(unitId: string, path: string): Seen | undefined {
    return this.#seen.get(key(unitId, path));
  }

  /**
   * Unchanged size and modification time trust the stored hash without reading a byte; otherwise
   * the bytes are hashed (cheap next to parsing) and a snapshot of that exact content is looked up.
   */
  async reuse(source: ResolvedSource): Promise<ReusedRead | undefined> {
    try {
      const info = await stat(source.absolutePath);
      // Too large to read at all: let the reader report it.
      if (!info.isFile() || info.size > READ_LIMITS.maxFileBytes) return undefined;
      const modifiedAt = info.mtime.toISOString();
      const known = sourceState(this.#db, source.unitId, source.display);
      const hash =
        known?.sha256 && known.size === info.size && known.modified_at === modifiedAt ? known.sha256 : sha256(await readFile(source.absolutePath));
      this.#seen.set(key(source.unitId, source.display), { size: info.size, modifiedAt, sha256: hash });
      const found = snapshotOf(this.#db, source.unitId, source.display, hash);
      if (!found || found.parseKey !== parseKey(this.#config, source, this.#code)) return undefined;
      const { parseKey: _key, ...snapshot } = found;
      if (snapshot.outcome.status !== 'ok') return undefined;
      return { sha256: hash, modifiedAt, reused: snapshot };
    } catch {
      // Any trouble here only costs a parse.
      return undefined;
    }
  }

  lastGood(unitId: string, path: string): SourceSnapshot | undefined {
    return lastGoodSnapshot(this.#db, unitId, path);
  }

  /** What a read's outputs depend on: its hash, or for a failure the reason and the failing bytes' hash. */
  contentOf(read: SourceRead): string {
    if ('sha256' in read) return read.sha256;
    const seen = this.seen(read.source.unitId, read.source.display);
    return `failed:${read.error.issueCode}:${JSON.stringify(read.error.params)}:${seen?.sha256 ?? ''}`;
  }

  /** Attaches each failed-or-changed source's last good snapshot, so analyse can fall back on it. */
  withFallbacks(reads: SourceRead[]): SourceRead[] {
    return reads.map((read) => {
      if ('reused' in read) return read;
      const lastGood = this.lastGood(read.source.unitId, read.source.display);
      return lastGood ? { ...read, lastGood } : read;
    });
  }

  /**
   * Files the last successful run read that now cannot be found at all (a share not mounted, a file
   * moved by mistake): each becomes a failed read standing in with its last good snapshot, so the
   * unit does not drop to zero. Only for patterns that now find nothing: a glob that still matches
   * other files means the unit replaced its files.
   */
  vanished(unresolved: UnresolvedSource[], reads: SourceRead[], previous: { sources: { unitId: string; path: string; status: string }[] } | undefined, baseDir: string): SourceRead[] {
    if (!previous || unresolved.length === 0) return [];
    const present = new Set(reads.map((r) => key(r.source.unitId, r.source.display)));
    const out: SourceRead[] = [];
    for (const { unitId, pattern, reason } of unresolved) {
      // Refused files (outside the folder, a device, another unit's) did not vanish.
      if (reason) continue;
      const spec = this.#config.units.find((u) => u.id === unitId)?.sources.find((s) => s.path === pattern);
      if (!spec) continue;
      const wanted = pattern.replace(/\\/g, '/');
      const unitHasReads = reads.some((r) => r.source.unitId === unitId);
      for (const s of previous.sources) {
        if (s.unitId !== unitId || present.has(key(unitId, s.path))) continue;
        // An explicit path that is gone; or any earlier file of a unit whose glob now finds nothing at all.
        if (s.path !== wanted && (spec.type !== 'file' || unitHasReads || !/[*?[{]/.test(wanted))) continue;
        const lastGood = this.lastGood(unitId, s.path);
        if (!lastGood) continue;
        present.add(key(unitId, s.path));
        out.push({
          source: { unitId, display: s.path, absolutePath: nodePath.resolve(baseDir, s.path), spec },
          ok: false,
          error: new SourceError('SOURCE_UNREADABLE', s.path, { reason: 'không còn tìm thấy tệp (lần chạy trước vẫn đọc được)' }),
          lastGood,
        });
      }
    }
    return out;
  }

  /**
   * After a successful run: a snapshot of every newly parsed good source, and each source's state
   * (hash, size, time, status, last good version). `perSource[i]` belongs to `reads[i]`. Call
   * inside a transaction.
   */
  record(run: { id: string; startedAt: string }, reads: SourceRead[], perSource: SourceAnalysis[]): void {
    const snapshots: SnapshotWrite[] = [];
    const states: SourceStateWrite[] = [];
    reads.forEach((read, index) => {
      const one = perSource[index];
      if (!one) return;
      const { unitId, display: path } = read.source;
      const seen = this.seen(unitId, path);
      const readSha = 'sha256' in read ? read.sha256 : undefined;
      const sha = readSha ?? seen?.sha256 ?? null;
      let good: { run: string; sha: string } | undefined;
      if (one.read === 'parsed' && readSha) {
        snapshots.push({ unitId, path, sha256: readSha, runId: run.id, outcome: one.outcome, issues: one.issues, parseKey: parseKey(this.#config, read.source, this.#code), readAt: run.startedAt });
        good = { run: run.id, sha: readSha };
      } else if ('reused' in read) {
        good = { run: read.reused.runId, sha: read.sha256 };
      }
      states.push({
        unit: unitId,
        path,
        sha,
        modified: seen?.modifiedAt ?? ('modifiedAt' in read ? (read.modifiedAt ?? null) : null),
        size: seen?.size ?? null,
        status: one.read === 'parsed' || one.read === 'reused' ? 'ok' : one.read,
        run: run.id,
        goodRun: good?.run ?? null,
        goodSha: good?.sha ?? null,
      });
    });
    saveSourceStates(this.#db, snapshots, states);
  }
}
