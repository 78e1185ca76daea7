/** Thin wrappers over poppler-utils, to check real PDFs the way a reader's viewer sees them. */
import { execFileSync } from 'node:child_process';

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export type PdfPageSize = { page: number; width: number; height: number };

/** Page sizes in points, from `pdfinfo -f 1 -l N`. */
export function pdfPageSizes(file: string): PdfPageSize[] {
  const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1] ?? 0);
  const out = run('pdfinfo', ['-f', '1', '-l', String(pages), file]);
  return [...out.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    page: Number(m[1]),
    width: Number(m[2]),
    height: Number(m[3]),
  }));
}

export type PdfFont = { name: string; type: string; embedded: boolean };

/** Fonts listed by `pdffonts`. */
export function pdfFonts(file: string): PdfFont[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((line) => line.trim() !== '');
  return lines.map((line) => {
    // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object ID (2 fields).
    const cells = line.trim().split(/\s+/);
    const emb = cells.at(-5);
    return { name: cells[0] ?? '', type: cells.slice(1, -6).join(' '), embedded: emb === 'yes' };
  });
}

/**
 * Text of the PDF (or of pages first..last), in content order (`-raw`, so a wrapped table cell stays
 * together), NFC-normalised, whitespace collapsed to single spaces.
 */
export function pdfText(file: string, pages?: { first: number; last: number }, mode: '-raw' | '-layout' = '-raw'): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  const text = run('pdftotext', [mode, '-enc', 'UTF-8', ...range, file, '-']).normalize('NFC');
  return mode === '-raw' ? text.replace(/\s+/g, ' ').trim() : text;
}
