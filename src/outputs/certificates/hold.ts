/**
 * Certificates held while staff have not decided a suspected pair: a row that may repeat another
 * (same list or another unit's) gets no number until the pair is decided in decisions.yaml, so a
 * repeated line cannot earn two certificates. Pure.
 */
import type { CertificateCandidate } from '../../model/certificate.js';
import type { Consolidation } from '../../model/consolidation.js';
import type { PairSide, SuspectedPair } from '../../model/review.js';

/** A donor waiting for a decision, with the pairs it is in (for the list staff read). */
export type HeldCertificate = CertificateCandidate & { readonly pairs: readonly { pair: string; kind: SuspectedPair['kind']; other: PairSide }[] };

const placeKey = (source: string, sheet: string, row: number): string => `${source}\u0000${sheet}\u0000${row}`;

/** Splits the candidates into those to number now and those held by an undecided pair (order kept). */
export function holdUndecided(
  candidates: readonly CertificateCandidate[],
  consolidation: Pick<Consolidation, 'overlaps'>,
): { issue: CertificateCandidate[]; held: HeldCertificate[] } {
  const pairsAt = new Map<string, HeldCertificate['pairs'][number][]>();
  const add = (side: PairSide, other: PairSide, pair: SuspectedPair): void => {
    const key = placeKey(side.source, side.sheet, side.row);
    pairsAt.set(key, [...(pairsAt.get(key) ?? []), { pair: pair.pair, kind: pair.kind, other }]);
  };
  for (const pair of consolidation.overlaps?.suspected ?? []) {
    add(pair.a, pair.b, pair);
    add(pair.b, pair.a, pair);
  }
  const issue: CertificateCandidate[] = [];
  const held: HeldCertificate[] = [];
  for (const c of candidates) {
    const pairs = c.source ? pairsAt.get(placeKey(c.source.path, c.source.sheet, c.source.row)) : undefined;
    if (pairs) held.push({ ...c, pairs });
    else issue.push(c);
  }
  return { issue, held };
}
