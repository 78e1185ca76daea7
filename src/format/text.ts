/**
 * Text cleaning shared by every source: one canonical form for display (normalizeText)
 * and one loose form for comparing names and headers (foldForMatch).
 */

// Invisible characters pasted from web pages; they split words that look whole.
// The soft hyphen (U+00AD) is deliberately not here: in TCVN3 text it is the letter ư.
const ZERO_WIDTH = /[\u200B\u2060]/g;

/**
 * NFC, every run of white space (tabs, line breaks, non-breaking spaces) as one space, trimmed.
 * Case and diacritics are kept.
 */
export function normalizeText(s: string): string {
  // Most cells are already clean ASCII: skip the allocations for them.
  if (CLEAN_ASCII.test(s)) return s;
  if (SINGLE_SPACED.test(s)) return s.normalize('NFC');
  return s.normalize('NFC').replace(ZERO_WIDTH, '').replace(/\s+/gu, ' ').trim();
}

/** Printable ASCII, single spaces, no space at either end. */
const CLEAN_ASCII = /^(?:[!-~]+(?: [!-~]+)*)?$/;
/** Any text already spaced once between words, with no invisible characters. */
const SINGLE_SPACED = /^[^\s\u200B\u2060]+(?: [^\s\u200B\u2060]+)*$/u;

/**
 * Key for matching: "Họ và TÊN" → "ho va ten". Lower-case, no diacritics, đ → d,
 * punctuation kept. Only for comparing; never shown to users.
 */
export function foldForMatch(s: string): string {
  return (
    normalizeText(s)
      .toLowerCase()
      // đ has no decomposition; ð and ɖ are look-alikes some keyboards type for it.
      .replace(/[đðɖ]/g, 'd')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      // A soft hyphen in Unicode text is invisible and would split a name.
      .replace(/\u00AD/g, '')
      .normalize('NFC')
  );
}
