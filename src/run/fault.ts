/**
 * A run that failed on the machine rather than on the data (a full disk, a read-only folder, a
 * damaged or busy store) ends with a catalogued message, not a stack trace. Errors already
 * catalogued pass unchanged, except a failed write whose cause was a full disk, which says so.
 */
import path from 'node:path';
import { OutputError, TonghopError } from '../errors/errors.js';
import { storeFailure, STORE_FILE } from '../store/db.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const READONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

/** The system error code (ENOSPC, EROFS…) of an error or of any error in its cause chain. */
function systemCode(error: unknown): { code: string; path?: string; message: string } | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      const where = (e as { path?: unknown }).path;
      return { code, message: (e as Error).message, ...(typeof where === 'string' ? { path: where } : {}) };
    }
  }
  return undefined;
}

/** The catalogued error a run failure stands for, or the failure itself when nothing fits. */
export function operationalFailure(error: unknown, outputRoot: string): unknown {
  const store = storeFailure(error, path.join(outputRoot, STORE_FILE));
  if (store) return store;
  if (error instanceof TonghopError && !['WRITE_FAILED', 'OUTPUT_FOLDER_FAILED', 'LOCK_CREATE_FAILED'].includes(error.code)) return error;
  const system = systemCode(error);
  if (!system) return error;
  const file = system.path ?? String((error as TonghopError).params?.['file'] ?? (error as TonghopError).params?.['dir'] ?? outputRoot);
  // Only faults of the output folder itself: a browser's or a converter's own files say other things.
  const relative = path.relative(outputRoot, path.resolve(file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return error;
  if (FULL.has(system.code)) return new OutputError('DISK_FULL', { dir: outputRoot, file }, { cause: error });
  if (READONLY.has(system.code)) return new OutputError('OUTPUT_READONLY', { dir: outputRoot, reason: `${system.code}: ${file}` }, { cause: error });
  return error;
}
