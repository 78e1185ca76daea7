/**
 * YAML files that people write (campaign.yaml, decisions.yaml): parsed with line numbers and
 * validated by a zod schema, so every problem is reported in Vietnamese as `file:line: key: what`.
 */
import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { locales, type ZodType } from 'zod';
import { ConfigError } from '../errors/errors.js';

const VIETNAMESE = locales.vi().localeError;

/** The yaml library's error codes, worded for people who edit the file in Notepad. */
const YAML_PROBLEMS: Record<string, string> = {
  DUPLICATE_KEY: 'khoá bị lặp lại (mỗi khoá chỉ được viết một lần)',
  BAD_INDENT: 'thụt lề không đúng (các dòng cùng cấp phải thẳng cột)',
  TAB_AS_INDENT: 'dùng phím Tab để thụt lề (hãy dùng dấu cách)',
  MISSING_CHAR: 'thiếu ký tự đóng (dấu ngoặc hoặc dấu nháy)',
  MULTILINE_IMPLICIT_KEY: 'khoá viết trên nhiều dòng (thiếu dấu hai chấm hoặc dấu nháy?)',
  BLOCK_AS_IMPLICIT_KEY: 'khoá không hợp lệ (thiếu dấu hai chấm?)',
  UNEXPECTED_TOKEN: 'ký tự không mong đợi',
  BAD_ALIAS: 'tham chiếu (*) không hợp lệ',
  BAD_SCALAR_START: 'giá trị bắt đầu bằng ký tự đặc biệt (hãy đặt trong dấu nháy)',
  RESOURCE_EXHAUSTION: 'quá nhiều tham chiếu lồng nhau (*)',
};

function yamlProblem(error: YAMLError): string {
  return YAML_PROBLEMS[error.code] ?? `cú pháp YAML không hợp lệ (${error.code})`;
}

/** Line of the deepest node that exists along `fieldPath`. */
export function lineOf(doc: Document, lineCounter: LineCounter, fieldPath: readonly PropertyKey[]): number | undefined {
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = doc.getIn(fieldPath.slice(0, depth).map((p) => (typeof p === 'number' ? p : String(p))), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

type YamlFileOptions = {
  /** How the file is named in the first line of the message, e.g. "Tệp cấu hình". */
  title: string;
  /** The path at which the schema's value sits in the document (e.g. ['decisions']). */
  at?: readonly string[];
};

/** The document's plain value; syntax errors (and alias bombs) become a located ConfigError. */
export function parseYamlDocument(text: string, file: string, title: string): { doc: Document; lineCounter: LineCounter; value: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError('CONFIG_SYNTAX', { title, where: `${file}:${pos.line}:${pos.col}`, problem: yamlProblem(first) });
  }
  try {
    return { doc, lineCounter, value: doc.toJS({ maxAliasCount: 100 }) ?? null };
  } catch (cause) {
    throw new ConfigError('CONFIG_SYNTAX', { title, where: file, problem: YAML_PROBLEMS['RESOURCE_EXHAUSTION']! }, { cause });
  }
}

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
