/**
 * YAML files that people write (campaign.yaml, decisions.yaml): parsed with line numbers and
 * validated by a zod schema, so every problem is reported in Vietnamese as `file:line: key: what`.
 */
import type { Document, LineCounter } from 'yaml';
import { locales, type ZodType } from 'zod';
import { ConfigError } from '../errors/errors.js';
import { lineOf } from './yaml-document.js';

// Parsing lives apart, without zod, for commands that only read a key or two (src/config/output-root.ts).
export { lineOf, parseYamlDocument } from './yaml-document.js';

const VIETNAMESE = locales.vi().localeError;

type YamlFileOptions = {
  /** How the file is named in the first line of the message, e.g. "Tệp cấu hình". */
  title: string;
  /** The path at which the schema's value sits in the document (e.g. ['decisions']). */
  at?: readonly string[];
};

/** Validates `value` (from parseYamlDocument) with `schema`; problems name the file, line and key in Vietnamese. */
export function validateYaml<T>(
  schema: ZodType<T>,
  parsed: { doc: Document; lineCounter: LineCounter; value: unknown },
  file: string,
  options: YamlFileOptions,
): T {
  const result = schema.safeParse(parsed.value, { error: VIETNAMESE });
  if (result.success) return result.data;
  const at = options.at ?? [];
  const issues = result.error.issues;
  const lines = issues.slice(0, 10).map((issue) => {
    const fieldPath = [...at, ...issue.path];
    // Unknown keys point at the key itself, not at the object holding it.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const target = keys.length ? [...fieldPath, keys[0]!] : fieldPath;
    const line = lineOf(parsed.doc, parsed.lineCounter, target);
    const field = fieldPath.length ? fieldPath.map(String).join('.') : '(gốc)';
    return `  ${file}${line ? `:${line}` : ''}: ${field}: ${issue.message}`;
  });
  const more = issues.length > 10 ? `\n  … và ${issues.length - 10} lỗi khác` : '';
  throw new ConfigError('CONFIG_INVALID', { title: options.title, details: `${lines.join('\n')}${more}` });
}
