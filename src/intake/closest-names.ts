import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { foldForMatch } from '../format/text.js';

/** Enough to find a misspelt name in a campaign folder without walking a whole disk. */
const MAX_DEPTH = 4;
const MAX_FILES = 5_000;

/** Files under `root` (relative, forward slashes), skipping hidden folders and the `skip` folders. */
async function listFiles(root: string, skip: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || found.length >= MAX_FILES || skip.includes(dir)) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (found.length < MAX_FILES) found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  await walk(root, 0);
  return found;
}

/** Edits (insert, delete, replace) between two strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A file name as compared: without its extension, folded (case, diacritics), glob syntax and separators as spaces. */
function comparable(name: string): string {
  const base = path.basename(name);
  return foldForMatch(base.slice(0, base.length - path.extname(base).length)).replace(/[*?[\]{}()!_\-.\s]+/g, ' ').trim();
}

/**
 * The file names present that a configured path most likely meant (up to three, closest first):
 * names within a few edits of it, or sharing its words; when none is close, the files of the folder
 * the path names, so the clerk sees what is there.
 */
export async function closestFileNames(pattern: string, baseDir: string, skip: readonly string[] = []): Promise<string[]> {
  const files = await listFiles(baseDir, skip);
  const wanted = comparable(pattern);
  const wantedWords = new Set(wanted.split(' ').filter((w) => w.length > 1));
  const scored = files
    .map((file) => {
      const name = comparable(file);
      const words = name.split(' ');
      const shared = words.filter((w) => wantedWords.has(w)).length;
      const distance = editDistance(wanted, name) / Math.max(wanted.length, name.length, 1);
      return { file, distance, shared };
    })
    .filter((s) => s.distance <= 0.3 || (wantedWords.size > 0 && s.shared / wantedWords.size >= 0.67))
    .sort((x, y) => x.distance - y.distance || y.shared - x.shared || x.file.localeCompare(y.file));
  if (scored.length > 0) return scored.slice(0, 3).map((s) => s.file);
  const folder = path.posix.dirname(pattern.replace(/\\/g, '/'));
  return files.filter((f) => path.posix.dirname(f) === folder).sort().slice(0, 3);
}
