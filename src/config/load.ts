import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/errors.js';
import { CampaignConfigSchema, type CampaignConfig } from '../model/config.js';
import { loadDecisionFile } from './decisions.js';
import { parseYamlDocument, validateYaml } from './yaml.js';

const TITLE = 'Tệp cấu hình';
export type LoadedConfig = {
  config: CampaignConfig;
  /** Absolute path of the YAML file. */
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
};

/** Parses and validates campaign YAML text; errors name the file, line and key, in Vietnamese. */
export function parseConfig(text: string, file: string): CampaignConfig {
  const parsed = parseYamlDocument(text, file, TITLE);
  return validateYaml(CampaignConfigSchema, parsed, file, { title: TITLE });
}

/** The output folder of a run: `--output` when given, else the config's `output` (relative to it). */
export function outputRootOf(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, outputDir?: string): string {
  return outputDir ? path.resolve(outputDir) : path.resolve(loaded.baseDir, loaded.config.output);
}

export async function loadConfig(configPath: string): Promise<LoadedConfig> {
  const file = path.resolve(configPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE';
    throw new ConfigError(code, { file: configPath, reason: (cause as Error).message }, { cause });
  }
  const config = parseConfig(text, configPath);
  const baseDir = path.dirname(file);
  // Staff decisions on suspected duplicates live beside the config (src/config/decisions.ts).
  const decisionsPath = path.resolve(baseDir, config.decisionsFile);
  const fromFile = await loadDecisionFile(decisionsPath, path.relative(process.cwd(), decisionsPath) || decisionsPath);
  config.decisions = [...config.decisions, ...fromFile.decisions];
  config.matchDecisions = [...config.matchDecisions, ...fromFile.matches];
  return { config, file, baseDir };
}
