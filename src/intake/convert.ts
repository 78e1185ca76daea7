import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IntakeFailure } from './intake-failure.js';

/**
 * Converts the formats exceljs cannot read (.xls, .ods, .xlsb, .fods, SpreadsheetML 2003 .xml)
 * to .xlsx with LibreOffice headless. The converted bytes then go through the same safe .xlsx
 * intake as any other workbook.
 */

let cachedBinary: string | null | undefined;

/** The LibreOffice executable: $TONGHOP_SOFFICE, or `soffice` / `libreoffice` on the PATH. */
export function findSoffice(): string | undefined {
  if (cachedBinary !== undefined) return cachedBinary ?? undefined;
  const candidates: string[] = [];
  const fromEnv = process.env.TONGHOP_SOFFICE;
  if (fromEnv) candidates.push(fromEnv);
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const name of names) for (const dir of dirs) candidates.push(path.join(dir, name));
  if (process.platform === 'win32') candidates.push('C:\\Program Files\\LibreOffice\\program\\soffice.exe');
  if (process.platform === 'darwin') candidates.push('/Applications/LibreOffice.app/Contents/MacOS/soffice');
  cachedBinary = candidates.find(isExecutable) ?? null;
  return cachedBinary ?? undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A LibreOffice profile private to this process: two soffice runs sharing a profile hand their
 * work to each other (or wait on its lock), so parallel runs would clash. Made once, reused by
 * this process's conversions in turn, removed at exit.
 */
let profileDir: string | undefined;
function privateProfile(): string {
  if (!profileDir) {
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-profile-'));
    const dir = profileDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return profileDir;
}

/** Conversions in this process run one at a time (they share the profile). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Converts `bytes` (a file of format `extension`, e.g. "xls") to .xlsx bytes.
 * Throws IntakeFailure: SOURCE_CONVERTER_MISSING without LibreOffice, SOURCE_TIMEOUT past the
 * limit, SOURCE_CORRUPT when LibreOffice cannot open the file.
 */
export function convertToXlsx(bytes: Buffer, extension: string, timeoutMs: number, memoryMb?: number): Promise<Buffer> {
  const binary = findSoffice();
  if (!binary) return Promise.reject(new IntakeFailure('SOURCE_CONVERTER_MISSING', { extension }));
  const run = queue.then(() => runConversion(binary, bytes, extension, timeoutMs, memoryMb));
  queue = run.catch(() => undefined);
  return run;
}

async function runConversion(binary: string, bytes: Buffer, extension: string, timeoutMs: number, memoryMb?: number): Promise<Buffer> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'tonghop-convert-'));
  try {
    // A plain ASCII name: LibreOffice mangles some non-ASCII paths, and the extension guides its filter choice.
    const input = path.join(work, `source.${extension.replace(/[^a-z0-9]/gi, '') || 'bin'}`);
    const outDir = path.join(work, 'out');
    await writeFile(input, bytes);
    const args = [
      `-env:UserInstallation=${pathToFileURL(privateProfile()).href}`,
      '--headless',
      '--invisible',
      '--norestore',
      '--nolockcheck',
      '--nodefault',
      '--nologo',
      '--convert-to',
      'xlsx:Calc MS Excel 2007 XML',
      '--outdir',
      outDir,
      input,
    ];
    const { output, timedOut, signal } = await runProcess(...withMemoryLimit(binary, args, memoryMb), timeoutMs, extension);
    if (timedOut) throw new IntakeFailure('SOURCE_TIMEOUT', { seconds: Math.max(1, Math.round(timeoutMs / 1000)) });
    const converted = path.join(outDir, 'source.xlsx');
    const info = await stat(converted).catch(() => undefined);
    if (!info && signal && memoryMb !== undefined) {
      // Past the address-space limit LibreOffice aborts instead of reporting anything.
      throw new IntakeFailure('SOURCE_TOO_LARGE', { reason: `chuyển đổi bằng LibreOffice dừng bất thường (${signal}), có thể cần hơn ${memoryMb} MB bộ nhớ (giới hạn limits.convertMemoryMb)` });
    }
    if (!info) {
      const said = /source file could not be loaded/i.test(output)
        ? 'LibreOffice không mở được tệp (tệp hỏng, có mật khẩu hoặc không phải bảng tính)'
        : `LibreOffice không chuyển được tệp sang .xlsx${output.trim() ? ` (${lastLine(output)})` : ''}`;
      throw new IntakeFailure('SOURCE_CORRUPT', { reason: said });
    }
    if (info.size === 0) throw new IntakeFailure('SOURCE_CORRUPT', { reason: 'LibreOffice chuyển tệp ra .xlsx rỗng' });
    return await readFile(converted);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !/javaldx/.test(l));
  return (lines.at(-1) ?? '').slice(0, 160);
}

/**
 * On Linux and macOS the converter runs under `ulimit -v` (address space, in KB), so a hostile file
 * costs LibreOffice a crash, not the machine its memory. Windows has no such shell limit.
 */
function withMemoryLimit(binary: string, args: string[], memoryMb: number | undefined): [string, string[]] {
  if (memoryMb === undefined || process.platform === 'win32' || !existsSync('/bin/sh')) return [binary, args];
  return ['/bin/sh', ['-c', 'ulimit -v "$0" 2>/dev/null; exec "$@"', String(memoryMb * 1024), binary, ...args]];
}

/** Runs a command with a time limit; on timeout kills its whole process group (soffice forks soffice.bin). */
function runProcess(
  binary: string,
  args: string[],
  timeoutMs: number,
  extension: string,
): Promise<{ output: string; timedOut: boolean; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      env: { ...process.env, SAL_USE_VCLPLUGIN: 'svp' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < 8192) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new IntakeFailure('SOURCE_CONVERTER_MISSING', { extension }, { cause: error }));
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ output, timedOut, signal });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') process.kill(pid, 'SIGKILL');
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
