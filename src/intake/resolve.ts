import path from 'node:path';
import { existsSync } from 'node:fs';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { CampaignConfig } from '../model/config.js';
import type { ResolvedSource, UnresolvedSource } from '../model/source.js';


/** Expands every unit's paths and globs (relative to the campaign folder) into files, in config order. */
export async function resolveSources(
  config: CampaignConfig,
  baseDir: string,
): Promise<{ sources: ResolvedSource[]; unresolved: UnresolvedSource[] }> {
  const sources: ResolvedSource[] = [];
  const unresolved: UnresolvedSource[] = [];
  const claimed = new Set<string>();
  for (const unit of config.units) {
    for (const spec of unit.sources) {
      // Google Sheets and Drive sources are found by src/intake/google, not on disk.
      if (spec.type !== 'file') continue;
      const pattern = spec.path.replace(/\\/g, '/');
      let files: string[];
      if (isDynamicPattern(pattern)) {
        files = (await glob(pattern, { cwd: baseDir, absolute: true, onlyFiles: true, dot: false })).sort();
        // Office lock files (~$name.xlsx) are never submissions.
        files = files.filter((f) => !path.basename(f).startsWith('~$'));
      } else {
        const absolute = path.resolve(baseDir, pattern);
        files = existsSync(absolute) ? [absolute] : [];
      }
      if (files.length === 0) unresolved.push({ unitId: unit.id, pattern: spec.path });
      for (const absolutePath of files) {
        // The same file listed twice (two globs overlapping) is read once, for the first unit.
        const key = `${unit.id}\u0000${absolutePath}`;
        if (claimed.has(key)) continue;
        claimed.add(key);
        sources.push({
          unitId: unit.id,
          display: path.relative(baseDir, absolutePath).split(path.sep).join('/'),
          absolutePath,
          spec,
        });
      }
    }
  }
  return { sources, unresolved };
}
