/**
 * Certificate numbers that never move (store table `certificates`, migration 1). A donor keeps its
 * number on every run of the campaign; when what a certificate says changes (amount, name as
 * printed), a replacement gets the next number and names the one it replaces, and the old row is
 * marked 'replaced'. Nothing is re-issued silently: the caller prints only new and replacement
 * certificates (and any whose run never finished; see `delivered`).
 */
import { createHash } from 'node:crypto';
import type { Store } from './db.js';
import type { CertificateCandidate } from '../model/certificate.js';

type CertificateStatus = 'new' | 'replacement' | 'unchanged';

export type IssuedCertificate = CertificateCandidate & {
  readonly number: number;
  readonly status: CertificateStatus;
  /** Number this one replaces (replacements only). */
  readonly replaces?: number;
  /** Printed in this run: new, replacement, or issued by a run whose output never appeared. */
  readonly print: boolean;
  /** Run folder that printed it (this run when printed now): where its PDF was first written. */
  readonly issuedRun?: string;
};

/** A certificate issued earlier whose donor is no longer in the data (row deleted, amount under the threshold). */
export type DroppedCertificate = { number: number; recipient: string; unitId: string; amount: number; donorKey: string };

type RegistryResult = { certificates: IssuedCertificate[]; dropped: DroppedCertificate[] };

type Row = {
  number: number;
  donor_key: string;
  version: number;
  recipient: string;
  unit_id: string;
  amount: number;
  data_hash: string;
  issued_run_id: string;
  replaces_number: number | null;
};

/** What a certificate says about its donor: a change means the printed paper is wrong. */
function certificateHash(c: Pick<CertificateCandidate, 'recipient' | 'amount' | 'origin'>): string {
  return createHash('sha256').update(JSON.stringify([c.recipient.normalize('NFC'), c.amount, c.origin])).digest('hex').slice(0, 32);
}

/** "d|unit|name|…" → "unit|name": the part that survives a renamed file or sheet. */
function personOf(key: string): string | undefined {
  const parts = key.split('|');
  return parts[0] === 'd' ? `${parts[1]}|${parts[2]}` : undefined;
}

type IssueOptions = {
  /** Registry key of the campaign (numbers are per campaign). */
  readonly campaign: string;
  /** Run folder name recorded as issuing run. */
  readonly runId: string;
  /**
   * Whether an earlier run's output exists. A certificate whose issuing run never finished (the run
   * failed after numbering) was never delivered, so it is printed again under the same number.
   */
  readonly delivered: (runId: string) => boolean;
};

/**
 * Gives every candidate its number, in one transaction: existing numbers for known donors,
 * replacements for changed ones, the next free numbers for new ones (in candidate order).
 */
export function issueNumbers(db: Store, candidates: readonly CertificateCandidate[], options: IssueOptions): RegistryResult {
  const { campaign, runId } = options;
  const current = db.prepare<[string], Row>(
    `SELECT number, donor_key, version, recipient, unit_id, amount, data_hash, issued_run_id, replaces_number
       FROM certificates WHERE campaign = ? AND status = 'issued' ORDER BY number`,
  );
  const nextNumber = db.prepare<[string], { next: number }>('SELECT COALESCE(MAX(number), 0) + 1 AS next FROM certificates WHERE campaign = ?');
  const maxVersion = db.prepare<[string, string], { v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM certificates WHERE campaign = ? AND donor_key = ?');
  const insert = db.prepare(
    `INSERT INTO certificates (number, campaign, donor_key, version, recipient, unit_id, amount, data_hash, issued_run_id, replaces_number, status)
     VALUES (@number, @campaign, @donorKey, @version, @recipient, @unitId, @amount, @hash, @runId, @replaces, 'issued')`,
  );
  const markReplaced = db.prepare("UPDATE certificates SET status = 'replaced' WHERE campaign = ? AND number = ?");
  const reissue = db.prepare('UPDATE certificates SET issued_run_id = ? WHERE campaign = ? AND number = ?');
  const rekey = db.prepare('UPDATE certificates SET donor_key = ? WHERE campaign = ? AND donor_key = ?');

  const run = db.transaction((): RegistryResult => {
    const byKey = new Map(current.all(campaign).map((row) => [row.donor_key, row]));
    const wanted = new Set(candidates.map((c) => c.donorKey));

    // A renamed file or sheet changes the key; adopt the old number when exactly one earlier
    // certificate of the same unit and name lost its donor and exactly one new donor has that name.
    const orphans = new Map<string, Row[]>();
    for (const row of byKey.values()) {
      const person = personOf(row.donor_key);
      if (person === undefined || wanted.has(row.donor_key)) continue;
      orphans.set(person, [...(orphans.get(person) ?? []), row]);
    }
    const newcomers = new Map<string, CertificateCandidate[]>();
    for (const c of candidates) {
      const person = personOf(c.donorKey);
      if (person === undefined || byKey.has(c.donorKey)) continue;
      newcomers.set(person, [...(newcomers.get(person) ?? []), c]);
    }
    for (const [person, list] of newcomers) {
      const lost = orphans.get(person);
      if (list.length !== 1 || lost?.length !== 1) continue;
      const [c, row] = [list[0]!, lost[0]!];
      rekey.run(c.donorKey, campaign, row.donor_key);
      byKey.delete(row.donor_key);
      byKey.set(c.donorKey, { ...row, donor_key: c.donorKey });
    }

    let next = nextNumber.get(campaign)!.next;
    const certificates: IssuedCertificate[] = [];
    for (const c of candidates) {
      const hash = certificateHash(c);
      const row = byKey.get(c.donorKey);
      if (row && row.data_hash === hash) {
        const delivered = row.issued_run_id === runId || options.delivered(row.issued_run_id);
        if (!delivered) reissue.run(runId, campaign, row.number);
        const status: CertificateStatus = delivered ? 'unchanged' : row.replaces_number !== null ? 'replacement' : 'new';
        certificates.push({ ...c, number: row.number, status, ...(row.replaces_number !== null ? { replaces: row.replaces_number } : {}), print: !delivered, issuedRun: delivered ? row.issued_run_id : runId });
        continue;
      }
      const number = next++;
      const version = maxVersion.get(campaign, c.donorKey)!.v + 1;
      if (row) markReplaced.run(campaign, row.number);
      insert.run({
        number,
        campaign,
        donorKey: c.donorKey,
        version,
        recipient: c.recipient,
        unitId: c.unitId,
        amount: c.amount,
        hash,
        runId,
        replaces: row ? row.number : null,
      });
      certificates.push({ ...c, number, status: row ? 'replacement' : 'new', ...(row ? { replaces: row.number } : {}), print: true, issuedRun: runId });
    }
    const claimed = new Set(candidates.map((c) => c.donorKey));
    const dropped = [...byKey.values()]
      .filter((row) => !claimed.has(row.donor_key))
      .map((row) => ({ number: row.number, recipient: row.recipient, unitId: row.unit_id, amount: row.amount, donorKey: row.donor_key }));
    return { certificates, dropped };
  });
  // IMMEDIATE: two runs of one campaign at once must not hand out the same number.
  return run.immediate();
}

/** One row of the registry as the reprint command reads it. */
export type RegisteredCertificate = {
  number: number;
  unitId: string;
  recipient: string;
  status: 'issued' | 'replaced';
  issuedRun: string;
  /** The number that replaced this one (replaced rows only). */
  replacedBy?: number;
};

/** Every number a campaign has handed out, in number order. */
export function listRegisteredCertificates(db: Store, campaign: string): RegisteredCertificate[] {
  const rows = db
    .prepare<[string], { number: number; unit_id: string; recipient: string; status: 'issued' | 'replaced'; issued_run_id: string; replaces_number: number | null }>(
      'SELECT number, unit_id, recipient, status, issued_run_id, replaces_number FROM certificates WHERE campaign = ? ORDER BY number',
    )
    .all(campaign);
  const replacedBy = new Map(rows.filter((r) => r.replaces_number !== null).map((r) => [r.replaces_number!, r.number]));
  return rows.map((r) => {
    const by = replacedBy.get(r.number);
    return { number: r.number, unitId: r.unit_id, recipient: r.recipient, status: r.status, issuedRun: r.issued_run_id, ...(by !== undefined ? { replacedBy: by } : {}) };
  });
}
