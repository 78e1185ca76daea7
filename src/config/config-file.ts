/** The campaign file read as text: by the full loader (./load.ts) and by the light one (./output-root.ts). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/errors.js';

export const CONFIG_TITLE = 'Tệp cấu hình';

/** The campaign file's text; a missing or unreadable file is a ConfigError naming it as given. */
export async function readConfigText(configPath: string): Promise<{ file: string; text: string }> {
  const file = path.resolve(configPath);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE';
    throw new ConfigError(code, { file: configPath, reason: (cause as Error).message }, { cause });
  }
}
