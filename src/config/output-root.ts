/**
 * The output folder of a campaign read without validating the whole campaign. `history` and `diff`
 * only open that folder's store and must start in a fraction of a second: they pay for the YAML
 * parser, not for zod, the campaign schema or the decisions file.
 */
import path from 'node:path';
import { CONFIG_TITLE, readConfigText } from './config-file.js';
import { parseYamlDocument } from './yaml-document.js';

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
