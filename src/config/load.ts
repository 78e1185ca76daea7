import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { loadDecisions } from '../review/decisions.js';
import { ConfigError } from '../errors/errors.js';
import { CampaignConfigSchema, type CampaignConfig } from '../model/config.js';

export type LoadedConfig = {
  config: CampaignConfig;
  /** Absolute path of the YAML file. */
  file: string;
  /** Folder that relative paths in the config are resolved against. */
  baseDir: string;
};

/** Parses and validates campaign YAML text; errors name the file, line and field. */
export function parseConfig(text: string, file: string): CampaignConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError(`${file}${`:${pos.line}:${pos.col}`}: YAML không hợp lệ: ${first.message.split('\n')[0]}`);
  }
  const result = CampaignConfigSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 10).map((issue) => {
    const fieldPath = issue.path.map(String);
    // Point at the deepest node that exists in the document.
    let line: number | undefined;
    for (let depth = fieldPath.length; depth >= 0 && line === undefined; depth--) {
      const node = doc.getIn(issue.path.slice(0, depth).map((p) => (typeof p === 'number' ? p : String(p))), true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    const field = fieldPath.length ? fieldPath.join('.') : '(gốc)';
    return `  ${file}${line ? `:${line}` : ''}: ${field}: ${issue.message}`;
  });
  const more = result.error.issues.length > 10 ? `\n  … và ${result.error.issues.length - 10} lỗi khác` : '';
  throw new ConfigError(`Tệp cấu hình không hợp lệ:\n${lines.join('\n')}${more}`);
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
    throw new ConfigError(`Không đọc được tệp cấu hình ${configPath}: ${(cause as Error).message}`, { cause });
  }
  const config = parseConfig(text, configPath);
  const baseDir = path.dirname(file);
  // Staff decisions on suspected duplicates live beside the config (src/review/decisions.ts).
  const decisionsPath = path.resolve(baseDir, config.decisionsFile);
  config.decisions = [...config.decisions, ...(await loadDecisions(decisionsPath, path.relative(process.cwd(), decisionsPath) || decisionsPath))];
  return { config, file, baseDir };
}
