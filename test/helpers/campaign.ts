import { CampaignConfigSchema, type CampaignConfig } from '../../src/model/config.js';

export type RawUnit = { id: string; name: string; kind: string; sources?: unknown[] };

/**
 * A minimal valid campaign around the given units, for tests, benches and scripts that exercise
 * intake and need no real header, issuer or report wording. `extra` adds or replaces top-level keys.
 */
export function minimalCampaign(units: RawUnit[], extra: Record<string, unknown> = {}): CampaignConfig {
  return CampaignConfigSchema.parse({
    campaign: {
      title: 'Kết quả vận động',
      purpose: 'ủng hộ làm nhà đại đoàn kết',
      plan: { number: '50/KH-MTTQ-BTT', date: '2023-08-01' },
      period: { from: '2023-08-01', to: '2023-09-30' },
      deadline: '2023-10-05',
    },
    issuer: { parents: ['ỦY BAN MTTQ VIỆT NAM'], body: 'BAN THƯỜNG TRỰC', place: 'An Lão', signer: { title: 'CHỦ TỊCH', name: 'Nguyễn Thị Nhung' } },
    report: { number: '62/BC-MTTQ-BTT', recipients: ['Ban Thường trực'] },
    units,
    ...extra,
  });
}
