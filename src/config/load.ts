import path from 'node:path';
import { CampaignConfigSchema, type CampaignConfig } from '../model/config.js';
import { CONFIG_TITLE as TITLE, readConfigText } from './config-file.js';
import { loadDecisionFile } from './decisions.js';
import { lineOf, parseYamlDocument, validateYaml } from './yaml.js';

export type LoadedConfig = {
  config: CampaignConfig;
  /** Absolute path of the YAML file. */
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
  /** "campaign.yaml:17" for a key path of the config (`['units', 2, 'sources', 0]`), for located messages. */
  locate?: (fieldPath: readonly PropertyKey[]) => string;
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
  const { file, text } = await readConfigText(configPath);
  const parsed = parseYamlDocument(text, configPath, TITLE);
  const config = validateYaml(CampaignConfigSchema, parsed, configPath, { title: TITLE });
  const locate = (fieldPath: readonly PropertyKey[]): string => {
    const line = lineOf(parsed.doc, parsed.lineCounter, fieldPath);
    return `${configPath}${line ? `:${line}` : ''}`;
  };
  const baseDir = path.dirname(file);
  // Staff decisions on suspected duplicates live beside the config (src/config/decisions.ts).
  const decisionsPath = path.resolve(baseDir, config.decisionsFile);
  const fromFile = await loadDecisionFile(decisionsPath, path.relative(process.cwd(), decisionsPath) || decisionsPath);
  config.decisions = [...config.decisions, ...fromFile.decisions];
  config.matchDecisions = [...config.matchDecisions, ...fromFile.matches];
  return { config, file, baseDir, locate };
}
