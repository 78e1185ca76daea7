/**
 * The campaign's `purpose` inside sentences. Configs write it either as the cause ("ủng hộ Quỹ
 * “Vì người nghèo”") or as the campaign ("vận động ủng hộ Quỹ …"); sentences that add their own
 * "vận động" take the cause, so neither way reads "vận động vận động".
 */

const LEADING_CAMPAIGN = /^(?:cuộc\s+|đợt\s+|việc\s+)?vận\s+động\s+/iu;

/** "vận động ủng hộ Quỹ X" → "ủng hộ Quỹ X"; "ủng hộ Quỹ X" stays. */
export function purposeCause(purpose: string): string {
  return purpose.normalize('NFC').trim().replace(LEADING_CAMPAIGN, '');
}

/** "vận động ủng hộ Quỹ X", however the config wrote it. */
export function purposeCampaign(purpose: string): string {
  return `vận động ${purposeCause(purpose)}`;
}

/** Two same words (or runs of up to three words) in a row: "vận động vận động", "của của"; punctuation and figures break a run, single letters ("V/v") are not words. Undefined when none. */
export function repeatedWords(text: string): string | undefined {
  // Punctuation and figures end a run of words: "đơn vị: 0/1 đơn vị" repeats nothing.
  for (const segment of text.normalize('NFC').toLocaleLowerCase('vi').split(/[^\p{L}\s]+/u)) {
    const words = segment.split(/\s+/u).filter((w) => w.length > 1);
    for (let size = 1; size <= 3; size++) {
      for (let i = 0; i + 2 * size <= words.length; i++) {
        const a = words.slice(i, i + size).join(' ');
        if (a === words.slice(i + size, i + 2 * size).join(' ')) return `${a} ${a}`;
      }
    }
  }
  return undefined;
}
