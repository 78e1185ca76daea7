/** summary.json: every total, unit, source and located issue of a run, in one file (one writer). */
import { writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { issueHint, issueMessage } from '../format/issue-messages.js';
import type { CampaignConfig } from '../model/config.js';
import type { Consolidation } from '../model/consolidation.js';
import type { Issue } from '../model/issue.js';
import { SUMMARY_SCHEMA_VERSION, type RunInfo, type Summary, type SummaryIssueSchema } from '../model/summary.js';

function summaryIssue(issue: Issue): z.infer<typeof SummaryIssueSchema> {
  return { code: issue.code, severity: issue.severity, message: issueMessage(issue), hint: issueHint(issue), ...issue.location };
}

export function buildSummary(
  config: CampaignConfig,
  consolidation: Consolidation,
  issues: Issue[],
  run: RunInfo,
  reportDate: string,
): Summary {
  const campaign: Summary['campaign'] = {
    title: config.campaign.title,
    purpose: config.campaign.purpose,
    plan: config.campaign.plan,
    period: config.campaign.period,
    deadline: config.campaign.deadline,
    reportNumber: config.report.number,
    reportDate,
  };
  if (config.campaign.target !== undefined) campaign.target = config.campaign.target;
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    run,
    campaign,
    ...consolidation,
    issueCounts: {
      error: issues.filter((i) => i.severity === 'error').length,
      warning: issues.filter((i) => i.severity === 'warning').length,
      info: issues.filter((i) => i.severity === 'info').length,
    },
    issues: issues.map(summaryIssue),
  };
}

/** Writes the summary as pretty JSON (the only writer of summary.json). */
export async function writeSummaryJson(file: string, summary: Summary): Promise<void> {
  await writeFile(file, JSON.stringify(summary, null, 2) + '\n', 'utf8');
}
