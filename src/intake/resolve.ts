import path from 'node:path';
import { lstat, realpath, stat } from 'node:fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { CampaignConfig, SourceSpec } from '../model/config.js';
import type { ResolvedSource, UnresolvedSource } from '../model/source.js';
import { closestFileNames } from './closest-names.js';
import { ConfigError } from '../errors/errors.js';
import { READ_LIMITS } from './read-limits.js';

type ResolveOptions = {
  /** Output folder of the run (never a source); default: the config's `output`. */
  outputRoot?: string;
};

/** A file one source spec of one unit reached. */
type Match = { unitId: string; spec: SourceSpec; absolutePath: string; real: string; display: string; literal: boolean; order: number };

function displayOf(baseDir: string, absolutePath: string): string {
  return path.relative(baseDir, absolutePath).split(path.sep).join('/');
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path (symbolic links followed), or the path itself when it cannot be resolved. */
async function realOrSelf(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch {
    return path.resolve(file);
  }
}

/** What a path is, in words, when it is not a regular file ("một thiết bị"); undefined for a file. */
async function notRegular(file: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return 'một liên kết hỏng hoặc tệp không mở được';
  }
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'một thư mục';
  if (info.isFIFO()) return 'một đường ống (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'một thiết bị';
  if (info.isSocket()) return 'một socket';
  return 'không phải tệp thường';
}

/**
 * The files one configured path names. The path is taken literally first — Windows names downloads
 * "Bao cao HND (gui MTTQ).xlsx", and brackets are glob syntax — and as a glob only when no file has
 * that exact name.
 */
async function filesOf(spec: string, baseDir: string): Promise<{ files: string[]; literal: boolean }> {
  const pattern = spec.replace(/\\/g, '/');
  for (const literal of new Set([spec, pattern])) {
    const absolute = path.resolve(baseDir, literal);
    try {
      await lstat(absolute);
      return { files: [absolute], literal: true };
    } catch {
      // No such file: try the next spelling, then the glob.
    }
  }
  if (!isDynamicPattern(pattern)) return { files: [], literal: true };
  let files: string[];
  try {
    files = await glob(pattern, { cwd: baseDir, absolute: true, onlyFiles: true, dot: false, expandDirectories: false });
  } catch {
    files = [];
  }
  // Office lock files (~$name.xlsx) are never submissions.
  return { files: files.filter((f) => !path.basename(f).startsWith('~$')).sort(), literal: false };
}

/**
 * Expands every unit's paths and globs (relative to the campaign folder) into files, in config
 * order. Only regular files inside the campaign folder (or a folder of `allowSourcesFrom`) and
 * outside the output folder are sources; each file is read once and belongs to one unit (a literal
 * path wins over a glob, then the first unit in the config). Everything refused is returned in
 * `unresolved` with the issue saying why; a path that found nothing carries the closest names.
 */
export async function resolveSources(
  config: CampaignConfig,
  baseDir: string,
  options: ResolveOptions = {},
): Promise<{ sources: ResolvedSource[]; unresolved: UnresolvedSource[] }> {
  const unresolved: UnresolvedSource[] = [];
  const matches: Match[] = [];
  const allowed = await Promise.all([baseDir, ...config.allowSourcesFrom.map((f) => path.resolve(baseDir, f))].map(realOrSelf));
  const outputRoot = await realOrSelf(options.outputRoot ?? path.resolve(baseDir, config.output));
  const unitName = new Map(config.units.map((u) => [u.id, u.name]));
  const notFound: UnresolvedSource[] = [];
  for (const unit of config.units) {
    for (const spec of unit.sources) {
      // Google Sheets and Drive sources are found by src/intake/google, not on disk.
      if (spec.type !== 'file') continue;
      const found = await filesOf(spec.path, baseDir);
      if (found.files.length === 0) {
        const missing: UnresolvedSource = { unitId: unit.id, pattern: spec.path };
        notFound.push(missing);
        unresolved.push(missing);
        continue;
      }
      const inOutput: string[] = [];
      for (const absolutePath of found.files) {
        const real = await realOrSelf(absolutePath);
        const display = displayOf(baseDir, absolutePath);
        const refuse = (code: 'SOURCE_OUTSIDE_CAMPAIGN' | 'SOURCE_NOT_REGULAR', params: Record<string, string>) =>
          unresolved.push({ unitId: unit.id, pattern: spec.path, reason: { code, params: { path: display, ...params } } });
        if (!allowed.some((folder) => isInside(real, folder))) {
          refuse('SOURCE_OUTSIDE_CAMPAIGN', {});
          continue;
        }
        if (isInside(real, outputRoot)) {
          inOutput.push(display);
          continue;
        }
        const what = await notRegular(absolutePath);
        if (what) {
          refuse('SOURCE_NOT_REGULAR', { what });
          continue;
        }
        matches.push({ unitId: unit.id, spec, absolutePath, real, display, literal: found.literal, order: matches.length });
      }
      if (inOutput.length > 0) {
        unresolved.push({
          unitId: unit.id,
          pattern: spec.path,
          reason: { code: 'SOURCE_IN_OUTPUT', params: { count: inOutput.length, pattern: spec.path, folder: displayOf(baseDir, outputRoot) || '.', example: inOutput[0]! } },
        });
      }
    }
  }
  // One owner per file: a path naming it literally beats a glob that happens to reach it.
  const owner = new Map<string, Match>();
  for (const m of [...matches].sort((a, b) => Number(b.literal) - Number(a.literal) || a.order - b.order)) {
    if (!owner.has(m.real)) owner.set(m.real, m);
  }
  const sources: ResolvedSource[] = [];
  const taken = new Set<string>();
  for (const m of matches) {
    const own = owner.get(m.real)!;
    if (own.unitId !== m.unitId) {
      unresolved.push({
        unitId: m.unitId,
        pattern: m.spec.path,
        reason: {
          code: 'SOURCE_CLAIMED_TWICE',
          params: { path: m.display, pattern: m.spec.path, unit: unitName.get(m.unitId) ?? m.unitId, ownerPattern: own.spec.path, owner: unitName.get(own.unitId) ?? own.unitId },
        },
      });
      continue;
    }
    // The same unit reaching a file through two of its paths reads it once.
    if (taken.has(m.real)) continue;
    taken.add(m.real);
    sources.push({ unitId: m.unitId, display: m.display, absolutePath: m.absolutePath, spec: m.spec });
  }
  for (const missing of notFound) missing.closest = await closestFileNames(missing.pattern, baseDir, [outputRoot]);
  return { sources, unresolved };
}

/**
 * Refuses a configured glob that matches more files than `limits.maxFilesPerPattern` (a whole-tree glob by
 * mistake), as a located configuration error, before anything is read or written.
 */
export async function checkSourcePatterns(config: CampaignConfig, baseDir: string, locate: (fieldPath: readonly PropertyKey[]) => string = () => 'campaign.yaml'): Promise<void> {
  const max = config.limits?.maxFilesPerPattern ?? READ_LIMITS.maxFilesPerPattern;
  for (const [u, unit] of config.units.entries()) {
    for (const [s, spec] of unit.sources.entries()) {
      if (spec.type !== 'file') continue;
      const found = await filesOf(spec.path, baseDir);
      if (found.files.length <= max) continue;
      throw new ConfigError('SOURCES_TOO_MANY', { where: locate(['units', u, 'sources', s]), pattern: spec.path, unit: unit.name, count: found.files.length, max });
    }
  }
}
