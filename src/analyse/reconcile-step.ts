/**
 * The bank reconciliation as a step after analyse(): the statements (read by intake into plain
 * lines) against the reviewed outcomes. Its issues that concern a unit count in that unit's errors
 * and warnings, as the unit's other issues do. Pure; a campaign without `bank:` is returned unchanged.
 */
import type { CampaignConfig } from '../model/config.js';
import { compareIssues, type Issue } from '../model/issue.js';
import type { StatementRead } from '../model/reconciliation.js';
import { reconcile } from '../review/reconcile.js';
import type { Analysis } from './analyse.js';

export function withReconciliation(config: CampaignConfig, analysis: Analysis, statements: readonly StatementRead[]): Analysis {
  if (!config.bank) return analysis;
  const { reconciliation, issues } = reconcile({ config, outcomes: analysis.outcomes, statements });
  const unitOrder = new Map(config.units.map((u, index) => [u.id, index]));
  const units = analysis.consolidation.units.map((u) => {
    const own = issues.filter((i) => i.location.unitId === u.id);
    if (own.length === 0) return u;
    const count = (severity: Issue['severity']) => own.filter((i) => i.severity === severity).length;
    return { ...u, errors: u.errors + count('error'), warnings: u.warnings + count('warning') };
  });
  return {
    ...analysis,
    consolidation: { ...analysis.consolidation, units, reconciliation },
    issues: [...analysis.issues, ...issues].sort((a, b) => compareIssues(a, b, unitOrder)),
  };
}
