/**
 * The document font: Tinos (metric twin of Times New Roman), Google Fonts' complete TrueType files
 * from the @expo-google-fonts/tinos package, embedded by Chromium so PDFs look the same on every
 * machine. One file per style holds every glyph Vietnamese needs: with per-language subsets (latin,
 * latin-ext, vietnamese) Chromium split nearly every Vietnamese word into runs of three fonts, which
 * cost about a third of a certificate batch's print time and embedded nine font subsets per PDF.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RenderError } from '../../errors/errors.js';

export type FontFace = {
  readonly family: string;
  /** file:// URL of the font file, safe to print inside HTML as is (see safeFileUrl). */
  readonly url: string;
  /** The CSS format() hint of the file. */
  readonly format: 'truetype';
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
  /** Every character: the file is complete (kept for templates that still print unicode-range). */
  readonly unicodeRange: string;
};

/** Weight, style, and the package's folder and file name for it. */
const FACES = [
  { weight: 400, style: 'normal', file: '400Regular/Tinos_400Regular.ttf' },
  { weight: 700, style: 'normal', file: '700Bold/Tinos_700Bold.ttf' },
  { weight: 400, style: 'italic', file: '400Regular_Italic/Tinos_400Regular_Italic.ttf' },
  { weight: 700, style: 'italic', file: '700Bold_Italic/Tinos_700Bold_Italic.ttf' },
] as const;

const require = createRequire(import.meta.url);

/** Absolute (symlink-resolved) folder of the font package. */
export function tinosDir(): string {
  try {
    return realpathSync(dirname(require.resolve('@expo-google-fonts/tinos/package.json')));
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

/** @font-face descriptors for Tinos 400/700, normal/italic. */
export function tinosFontFaces(dir: string = tinosDir()): FontFace[] {
  return FACES.map(({ weight, style, file }) => {
    const path = join(dir, file);
    // Chromium would silently fall back to another font; fail loudly instead.
    if (!existsSync(path)) throw new RenderError('FONT_FILE_MISSING', { file: path });
    return { family: 'Tinos', url: safeFileUrl(path), format: 'truetype', weight, style, unicodeRange: 'U+0-10FFFF' };
  });
}
