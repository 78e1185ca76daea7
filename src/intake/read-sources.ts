import type { CampaignConfig } from '../model/config.js';
import type { ResolvedSource, SourceCache, UnresolvedSource } from '../model/source.js';
import { eachLimited } from './each-limited.js';
import { workerCount } from './guarded-worker.js';
import type { SourceRead } from '../analyse/analyse.js';
import type { LimitOverrides } from './read-limits.js';
import { SourceError } from '../errors/errors.js';
import { readGoogleSources } from './google/index.js';
import { readSourceFile } from './read-source.js';
import { resolveSources } from './resolve.js';
import { releaseIdleParseWorkers } from './xlsx/index.js';

type ReadOptions = {
  /** Snapshots of earlier reads: an unchanged local file is reused, not parsed again (nightly runs). */
  cache?: SourceCache;
  /** Called after each local file is read or reused, for progress display. */
  onSource?: (done: number, total: number) => void;
  /** Output folder of the run (Google grids are cached under it); default: the config's. */
  outputRoot?: string;
  /**
   * Applied to each local file's read as soon as it arrives (the run analyses it there and drops its
   * grid, so a province's grids are not all held at once).
   */
  digest?: (read: SourceRead) => SourceRead;
};

/** Edge: finds and reads every configured source. One bad file never stops the others. */
export async function readSources(
  config: CampaignConfig,
  baseDir: string,
  options: ReadOptions = {},
): Promise<{ reads: SourceRead[]; unresolved: UnresolvedSource[] }> {
  const { sources, unresolved } = await resolveSources(config, baseDir, options.outputRoot ? { outputRoot: options.outputRoot } : {});
  // Google sheets and Drive folders are fetched while local files are parsed; each failure is a failed read.
  const fromGoogle = readGoogleSources(config, baseDir, options.outputRoot ? { outputRoot: options.outputRoot } : {});
  const reads: SourceRead[] = new Array(sources.length);
  let done = 0;
  options.onSource?.(0, sources.length);
  // As many files at once as there are parse workers, plus one being read from disk meanwhile.
  await eachLimited(sources, workerCount() + 1, async (source, index) => {
    const read = await readOne(source, options.cache, config.limits ?? {});
    reads[index] = options.digest ? options.digest(read) : read;
    options.onSource?.(++done, sources.length);
  });
  // The parse workers' heaps would otherwise stay with the process through analysis and rendering.
  releaseIdleParseWorkers();
  const google = await fromGoogle;
  return { reads: [...reads, ...google.reads], unresolved: [...unresolved, ...google.unresolved] };
}

async function readOne(source: ResolvedSource, cache: SourceCache | undefined, limits: LimitOverrides): Promise<SourceRead> {
  const reused = await cache?.reuse(source);
  if (reused) return { source, ok: true, ...reused };
  try {
    const file = await readSourceFile(source.absolutePath, source.display, limits);
    return { source, ok: true, grid: file.grid, sha256: file.sha256, modifiedAt: file.modifiedAt, accepted: file.accepted };
  } catch (error) {
    const sourceError =
      error instanceof SourceError
        ? error
        : new SourceError('SOURCE_UNREADABLE', source.display, { reason: String((error as Error)?.message ?? error).slice(0, 200) }, { cause: error });
    return { source, ok: false, error: sourceError };
  }
}
