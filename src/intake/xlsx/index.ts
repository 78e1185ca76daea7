/**
 * The fence around the .xlsx reader: code outside src/intake/xlsx/ uses only what is exported
 * here. See README.md beside this file for what is inside and why it is built this way.
 */
import type { ReadLimits } from '../read-limits.js';
import { classifyZip, type ZipKind } from './xlsx-package.js';
import { readZipDirectory } from './zip-package.js';

export { closeParseWorker, parseWorkersAlive, parseXlsxIsolated, releaseIdleParseWorkers } from './parse-isolated.js';
export { writeZip, type ZipWriteEntry } from './zip-package.js';

/**
 * What a zip file holds (an .xlsx, an .ods, an .xlsb, something else), from its central directory;
 * declared sizes are checked against the limits before anything is inflated.
 */
export function classifyZipFile(bytes: Buffer, limits: ReadLimits): ZipKind {
  return classifyZip(bytes, readZipDirectory(bytes, limits), limits);
}
