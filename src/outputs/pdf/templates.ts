/**
 * Handlebars templates: loaded from a folder (main templates at the top, partials in `partials/`),
 * compiled in an isolated environment in strict mode so a misspelt field fails instead of printing
 * nothing. Every error names the template file and line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { RenderError } from '../../errors/errors.js';

/**
 * The repository's `templates/` folder, found relative to this module so it resolves the same from
 * `src/outputs/pdf/` (tsx, tests) and `dist/outputs/pdf/` (compiled CLI).
 */
export function defaultTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'blank.html'))) return candidate;
    dir = dirname(dir);
  }
  throw new RenderError('TEMPLATES_NOT_FOUND', { from: fileURLToPath(import.meta.url) });
}

export type TemplateSet = {
  /** Absolute path of the folder the templates came from. */
  readonly dir: string;
  /** Names of the main templates ("report" for report.hbs). */
  readonly names: readonly string[];
  /** Renders a main template; throws RenderError naming the file and line on failure. */
  render(name: string, context: object): string;
};

type HandlebarsErrorShape = { message?: unknown; lineNumber?: unknown; column?: unknown };

/** Line (and column) of a Handlebars error: runtime/AST errors carry them, parse errors only in text. */
function errorPosition(error: unknown): { line?: number; column?: number } {
  const e = (error ?? {}) as HandlebarsErrorShape;
  if (typeof e.lineNumber === 'number') {
    return typeof e.column === 'number' ? { line: e.lineNumber, column: e.column } : { line: e.lineNumber };
  }
  const message = typeof e.message === 'string' ? e.message : '';
  const parse = /Parse error on line (\d+)/.exec(message);
  if (parse?.[1]) return { line: Number(parse[1]) };
  const trailing = / - (\d+):(\d+)$/m.exec(message);
  if (trailing?.[1] && trailing[2]) return { line: Number(trailing[1]), column: Number(trailing[2]) };
  return {};
}

/** Wraps a Handlebars failure as RenderError("Lỗi mẫu <file> dòng N: …"); RenderErrors pass through. */
function templateError(file: string, stage: 'compile' | 'render', error: unknown): RenderError {
  if (error instanceof RenderError) return error;
  const { line, column } = errorPosition(error);
  const where = line === undefined ? file : `${file} dòng ${line}${column === undefined ? '' : `, cột ${column}`}`;
  // Strict-mode messages say 'not defined in [object Object]'; the object tells the reader nothing.
  const detail = (error instanceof Error ? error.message : String(error)).replace(' in [object Object]', '');
  const action = stage === 'compile' ? 'Lỗi cú pháp mẫu' : 'Lỗi khi điền mẫu';
  return new RenderError('TEMPLATE_ERROR', { action, where, detail }, { cause: error });
}

const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  // Data comes from spreadsheets: escaping is never optional.
  noEscape: false,
  preventIndent: true,
};

function compileFile(env: typeof Handlebars, file: string, shownAs: string): HandlebarsTemplateDelegate {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new RenderError('TEMPLATE_UNREADABLE', { file: shownAs }, { cause });
  }
  if (/\{\{\{|\{\{&/.test(source)) {
    // Unescaped output would let a cell value inject markup into the report.
    throw new RenderError('TEMPLATE_UNESCAPED', { file: shownAs });
  }
  try {
    // Parse now, not lazily on first render, so syntax errors surface when templates load.
    env.parse(source);
    const compiled = env.compile(source, COMPILE_OPTIONS);
    return (context: unknown, options?: RuntimeOptions) => {
      try {
        return compiled(context, options);
      } catch (error) {
        throw templateError(shownAs, 'render', error);
      }
    };
  } catch (error) {
    throw templateError(shownAs, 'compile', error);
  }
}

/** Loads `<dir>/*.hbs` as main templates and `<dir>/partials/*.hbs` as partials (by file name). */
export function loadTemplates(dir: string = defaultTemplatesDir()): TemplateSet {
  const root = resolve(dir);
  const shown = (file: string): string => {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') ? rel : file;
  };
  const list = (folder: string): string[] => {
    try {
      return readdirSync(folder).filter((name) => name.endsWith('.hbs')).sort();
    } catch {
      return [];
    }
  };
  const env = Handlebars.create();
  // Two helpers only: 1-based row numbers from @index, and equality for row kinds.
  env.registerHelper('inc', (n: unknown) => (typeof n === 'number' ? n + 1 : n));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  const partialsDir = join(root, 'partials');
  for (const name of list(partialsDir)) {
    const file = join(partialsDir, name);
    env.registerPartial(basename(name, '.hbs'), compileFile(env, file, shown(file)));
  }
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const name of list(root)) {
    const file = join(root, name);
    templates.set(basename(name, '.hbs'), compileFile(env, file, shown(file)));
  }
  return {
    dir: root,
    names: [...templates.keys()],
    render(name, context) {
      const template = templates.get(name);
      if (!template) {
        throw new RenderError('TEMPLATE_MISSING', { name, folder: shown(root) });
      }
      return template(context);
    },
  };
}
