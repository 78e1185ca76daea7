/**
 * Text cleaning shared by every source: one canonical form for display (normalizeText)
 * and one loose form for comparing names and headers (foldForMatch).
 */

// Invisible characters pasted from web pages (U+200B, U+2060) split words that look whole and are
// dropped. The soft hyphen (U+00AD) is deliberately kept: in TCVN3 text it is the letter ư.

/**
 * NFC, every run of white space (tabs, line breaks, non-breaking spaces) and control characters as
 * one space, invisible and bidirectional formatting characters dropped, trimmed. Case and
 * diacritics are kept.
 */
export function normalizeText(s: string): string {
  // Most cells are already clean: skip the allocations for them. A loop, not a regex with a
  // repeated group: such a regex overflows the stack on a cell of ten million characters.
  const shape = textShape(s);
  if (shape === 'clean-ascii') return s;
  if (shape === 'single-spaced') return s.normalize('NFC');
  return collapseSpaces(s.normalize('NFC'));
}

/** White space as `\s` matches it (Unicode), and the invisible characters dropped above. */
const SPACE = /\s/u;

/** "clean-ascii": printable ASCII, single spaces, none at either end; "single-spaced": the same for any text. */
function textShape(s: string): 'clean-ascii' | 'single-spaced' | 'messy' {
  let ascii = true;
  let previousSpace = true;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x20) {
      if (previousSpace) return 'messy';
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    if (code > 0x20 && code < 0x7f) continue;
    if (code === 0x200b || code === 0x2060 || code < 0x20 || (code >= 0x7f && code <= 0x9f) || SPACE.test(s[i]!) || BIDI_ONE.test(s[i]!)) {
      return 'messy';
    }
    ascii = false;
  }
  if (previousSpace && s.length > 0) return 'messy';
  return ascii ? 'clean-ascii' : 'single-spaced';
}

/** Drops zero-width characters, turns every run of white space into one space, trims. */
function collapseSpaces(s: string): string {
  // Single character classes only: these run in a loop, without the backtracking stack.
  return s.replace(ZERO_WIDTH, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

// Bidirectional marks and overrides: U+202E in a name prints it backwards on a certificate. They are
// dropped with the zero-width characters; Vietnamese never needs them.
const ZERO_WIDTH = /[\u200B\u2060\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
const BIDI_ONE = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;
// Control characters (NUL, escape, C1) become a space: "Nguyễn\0Văn" stays two words, not one.
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

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

/**
 * Longest name printed on a certificate, a letter or a list: a real name or an organisation's is
 * far shorter; a longer cell is a paste accident or an attack and would push the page apart.
 */
export const PRINTED_NAME_LIMIT = 120;

/**
 * `text` cut to at most `limit` characters (code points, so no letter is split), ending in "…"
 * when cut; at a space when one is near the end, so the last word is not chopped.
 */
export function clipText(text: string, limit: number = PRINTED_NAME_LIMIT): string {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const head = chars.slice(0, Math.max(1, limit - 1)).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= head.length * 0.75 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;.:-]+$/u, '')}…`;
}
