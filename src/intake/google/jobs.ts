/** What to read on Google for a campaign, and how each job is shown before it is read. Pure. */
import type { CampaignConfig, SourceSpec } from '../../model/config.js';
import { driveFolderUrl, spreadsheetUrl } from '../../model/google-ids.js';
import type { ResolvedSource, UnresolvedSource } from '../../model/source.js';
import type { SourceRead } from '../../analyse/analyse.js';
import type { RequestQueueDeps } from './request-queue.js';

type GoogleSpec = Extract<SourceSpec, { type: 'google' }>;
export type DriveSpec = Extract<SourceSpec, { type: 'drive' }>;
type SharedFolder = CampaignConfig['drive'][number];

/** One thing to read on Google, in config order. */
export type GoogleJob =
  | { kind: 'spreadsheet'; unitId: string; spec: GoogleSpec }
  | { kind: 'unit-folder'; unitId: string; spec: DriveSpec }
  | { kind: 'shared-folder'; folder: SharedFolder };

export type GoogleReadResult = { reads: SourceRead[]; unresolved: UnresolvedSource[] };

/** Units' google/drive sources first, then the top-level shared folders. Pure. */
export function collectGoogleJobs(config: CampaignConfig): GoogleJob[] {
  const jobs: GoogleJob[] = [];
  for (const unit of config.units) {
    for (const spec of unit.sources) {
      if (spec.type === 'google') jobs.push({ kind: 'spreadsheet', unitId: unit.id, spec });
      else if (spec.type === 'drive') jobs.push({ kind: 'unit-folder', unitId: unit.id, spec });
    }
  }
  for (const folder of config.drive) jobs.push({ kind: 'shared-folder', folder });
  return jobs;
}

export type ReadGoogleOptions = {
  env?: Readonly<Record<string, string | undefined>>;
  /** Output folder whose .cache/google keeps fetched grids; default: the config's `output`. */
  outputRoot?: string;
  /** Tests only: clock and randomness of the retry back-off. */
  deps?: RequestQueueDeps;
};

/**
 * Where a job is shown before anything is read: the spreadsheet's or the folder's web address.
 * Shared folders belong to no single unit (unitId "").
 */
export function jobSource(job: GoogleJob): ResolvedSource {
  if (job.kind === 'spreadsheet') {
    const display = spreadsheetUrl(job.spec.spreadsheet);
    return { unitId: job.unitId, display, absolutePath: display, spec: job.spec };
  }
  const spec: DriveSpec =
    job.kind === 'unit-folder'
      ? job.spec
      : { type: 'drive', path: driveFolderUrl(job.folder.folder), folder: job.folder.folder, sheet: job.folder.sheet, range: job.folder.range };
  const display = driveFolderUrl(spec.folder);
  return { unitId: job.kind === 'unit-folder' ? job.unitId : '', display, absolutePath: display, spec };
}

