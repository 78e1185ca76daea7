/**
 * The bank reconciliation as a step after analyse(): the statements (read by intake into plain
 * lines) against the reviewed outcomes. Pure; a campaign without `bank:` is returned unchanged.
 */
import type { CampaignConfig } from '../model/config.js';
import { compareIssues } from '../model/issue.js';
import type { StatementRead } from '../model/reconciliation.js';
import { reconcile } from '../review/reconcile.js';
import type { Analysis } from './analyse.js';

export function withReconciliation(config: CampaignConfig, analysis: Analysis, statements: readonly StatementRead[]): Analysis {
  if (!config.bank) return analysis;
  const { reconciliation, issues } = reconcile({ config, outcomes: analysis.outcomes, statements });
  const unitOrder = new Map(config.units.map((u, index) => [u.id, index]));
  return {
    ...analysis,
    consolidation: { ...analysis.consolidation, reconciliation },
    issues: [...analysis.issues, ...issues].sort((a, b) => compareIssues(a, b, unitOrder)),
  };
}
