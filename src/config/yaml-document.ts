/**
 * Parsing the YAML files that people write, with line numbers; syntax errors become a located
 * ConfigError in Vietnamese. No zod here: `history` and `diff` parse the campaign file to read one
 * key and must start in a fraction of a second (validation is in ./yaml.ts).
 */
import { isNode, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { ConfigError } from '../errors/errors.js';

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
