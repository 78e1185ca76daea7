/**
 * The campaign file read as text, and its output folder read without validating the whole campaign.
 * `history` and `diff` only open the output folder's store and must start in a fraction of a second:
 * they pay for the YAML parser, not for zod, the campaign schema or the decisions file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/errors.js';
import { parseYamlDocument } from './yaml-document.js';

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

/**
 * The output folder a run of this campaign writes to: `--output` when given, else the file's
 * `output:` (relative to it; default "output", trimmed as the schema trims it). The file must exist
 * and be valid YAML, as for every command; any other shape of `output:` is left to the full loader
 * so its message is the one a run gives. The rest of the campaign is not checked here.
 */
export async function readOutputRoot(configPath: string, outputDir?: string): Promise<string> {
  const { file, text } = await readConfigText(configPath);
  const { value } = parseYamlDocument(text, configPath, CONFIG_TITLE);
  if (outputDir) return path.resolve(outputDir);
  const output = isPlainObject(value) ? value['output'] : undefined;
  if (isPlainObject(value) && output === undefined) return path.resolve(path.dirname(file), 'output');
  if (typeof output === 'string' && output.trim()) return path.resolve(path.dirname(file), output.trim());
  const { loadConfig, outputRootOf } = await import('./load.js');
  return outputRootOf(await loadConfig(configPath));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
