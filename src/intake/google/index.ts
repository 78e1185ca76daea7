import type { CampaignConfig } from '../../model/config.js';
import { SourceError } from '../../errors/errors.js';
import { collectGoogleJobs, jobSource, type GoogleReadResult, type ReadGoogleOptions } from './jobs.js';

/**
 * Entry point for Google Sheets and Drive sources. Light on purpose: googleapis takes about a
 * second to load, so it is imported only when a campaign lists a Google source.
 */

/** Reads every Google source of the campaign; one that fails is a failed read, never a throw. */
export async function readGoogleSources(config: CampaignConfig, baseDir: string, options: ReadGoogleOptions = {}): Promise<GoogleReadResult> {
  const jobs = collectGoogleJobs(config);
  if (jobs.length === 0) return { reads: [], unresolved: [] };
  try {
    const { readGoogleJobs } = await import('./read-google.js');
    return await readGoogleJobs(config, baseDir, jobs, options);
  } catch (error) {
    // A bug or a broken install must not take the local sources down with it.
    const reason = String((error as Error)?.message ?? error).split('\n', 1)[0]!.slice(0, 200);
    return {
      reads: jobs.map((job) => {
        const source = jobSource(job);
        return { source, ok: false, error: new SourceError('SOURCE_UNREADABLE', source.display, { reason }) };
      }),
      unresolved: [],
    };
  }
}
