/**
 * The document font: Tinos (metric twin of Times New Roman) from @fontsource/tinos, embedded by
 * Chromium from local woff2 files so PDFs look the same on every machine.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RenderError } from '../../errors/errors.js';

export type FontFace = {
  readonly family: string;
  /** file:// URL of the woff2 file, safe to print inside HTML as is (see safeFileUrl). */
  readonly url: string;
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
  readonly unicodeRange: string;
};

/** Vietnamese letters need all three subsets: ASCII (latin), Ă Đ Ơ Ư (latin-ext), toned letters (vietnamese). */
const SUBSETS = ['vietnamese', 'latin-ext', 'latin'] as const;
const WEIGHTS = [400, 700] as const;
const STYLES = ['normal', 'italic'] as const;

const require = createRequire(import.meta.url);

/** Absolute (symlink-resolved) folder of the @fontsource/tinos package. */
export function tinosDir(): string {
  try {
    return realpathSync(dirname(require.resolve('@fontsource/tinos/package.json')));
  } catch (cause) {
    throw new RenderError('FONT_PACKAGE_MISSING', {}, { cause });
  }
}

/**
 * file:// URL with the characters HTML escaping would touch percent-encoded, so the URL can go through
 * Handlebars' {{…}} escaping unchanged, even inside <style> where entities are not decoded.
 */
export function safeFileUrl(file: string): string {
  return pathToFileURL(file).href.replace(
    /[&<>"'`=]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** @font-face descriptors for Tinos 400/700, normal/italic, in the subsets Vietnamese text uses. */
export function tinosFontFaces(dir: string = tinosDir()): FontFace[] {
  let ranges: Record<string, string>;
  try {
    ranges = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  } catch (cause) {
    throw new RenderError('FONT_TABLE_UNREADABLE', { file: join(dir, 'unicode.json') }, { cause });
  }
  const faces: FontFace[] = [];
  for (const subset of SUBSETS) {
    const unicodeRange = ranges[subset];
    if (!unicodeRange) throw new RenderError('FONT_SUBSET_MISSING', { subset });
    for (const weight of WEIGHTS) {
      for (const style of STYLES) {
        const file = join(dir, 'files', `tinos-${subset}-${weight}-${style}.woff2`);
        // Chromium would silently fall back to another font; fail loudly instead.
        if (!existsSync(file)) throw new RenderError('FONT_FILE_MISSING', { file });
        faces.push({ family: 'Tinos', url: safeFileUrl(file), weight, style, unicodeRange });
      }
    }
  }
  return faces;
}
