import type { CampaignConfig } from '../model/config.js';
import type { SourceCache, UnresolvedSource } from '../model/source.js';
import type { SourceRead } from '../analyse/analyse.js';
import { SourceError } from '../errors/errors.js';
import { readGoogleSources } from './google/index.js';
import { readSourceFile } from './read-source.js';
import { resolveSources } from './resolve.js';

export type ReadOptions = {
  /** Snapshots of earlier reads: an unchanged local file is reused, not parsed again (nightly runs). */
  cache?: SourceCache;
  /** Called after each local file is read or reused, for progress display. */
  onSource?: (done: number, total: number) => void;
  /** Output folder of the run (Google grids are cached under it); default: the config's. */
  outputRoot?: string;
};

/** Edge: finds and reads every configured source. One bad file never stops the others. */
export async function readSources(
  config: CampaignConfig,
  baseDir: string,
  options: ReadOptions = {},
): Promise<{ reads: SourceRead[]; unresolved: UnresolvedSource[] }> {
  const { sources, unresolved } = await resolveSources(config, baseDir);
  // Google sheets and Drive folders are fetched while local files are parsed; each failure is a failed read.
  const fromGoogle = readGoogleSources(config, baseDir, options.outputRoot ? { outputRoot: options.outputRoot } : {});
  const reads: SourceRead[] = [];
  for (const source of sources) {
    options.onSource?.(reads.length, sources.length);
    const reused = await options.cache?.reuse(source);
    if (reused) {
      reads.push({ source, ok: true, ...reused });
      continue;
    }
    try {
      const file = await readSourceFile(source.absolutePath, source.display, config.limits ?? {});
      reads.push({ source, ok: true, grid: file.grid, sha256: file.sha256, modifiedAt: file.modifiedAt });
    } catch (error) {
      const sourceError =
        error instanceof SourceError
          ? error
          : new SourceError('SOURCE_UNREADABLE', source.display, { reason: String((error as Error)?.message ?? error).slice(0, 200) }, { cause: error });
      reads.push({ source, ok: false, error: sourceError });
    }
  }
  const google = await fromGoogle;
  return { reads: [...reads, ...google.reads], unresolved: [...unresolved, ...google.unresolved] };
}
