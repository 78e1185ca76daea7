/**
 * Finding and starting the Chromium that prints our PDFs. One browser per run: callers launch it
 * once and pass it to every render function, so a run with 200 thank-you letters starts Chromium once.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import { RenderError } from '../../errors/errors.js';

/** Chromium flags for a quiet, offline, headless print job. */
const BROWSER_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Containers often have a 64 MB /dev/shm; Chromium crashes on large pages without this.
  '--disable-dev-shm-usage',
  // The headless shell otherwise hints glyphs to whole pixels: text is a little wider and paragraphs
  // wrap elsewhere than in Chromium. Without hinting both lay out the same pages.
  '--font-render-hinting=none',
];

/**
 * Names of system browsers, most preferred first. Chromium's headless shell (Debian's
 * `chromium-headless-shell`, Puppeteer's `chrome-headless-shell`) is the same engine without the
 * desktop browser around it: it prints PDFs without the print-compositor process and with a lighter
 * browser process, about a third faster for a batch of certificates (bench/certificates.ts).
 */
const SYSTEM_NAMES = ['chromium-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

/** True for a headless-shell build, which Puppeteer must start in its own mode (`headless: 'shell'`). */
export function isHeadlessShell(executablePath: string): boolean {
  return /headless[-_]shell/i.test(executablePath.split(/[\\/]/).pop() ?? '');
}

/** What findBrowser looks at; injectable so the search order can be tested without real browsers. */
export type BrowserProbe = {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** True when the file exists and can be run. */
  readonly isExecutable: (file: string) => boolean;
  /** Puppeteer's own downloaded browser (may not exist on disk). */
  readonly puppeteerPath: () => string | undefined;
  /** Puppeteer's own downloaded headless shell (may not exist on disk). */
  readonly puppeteerShellPath?: () => string | undefined;
};

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    // Windows has no execute bit; existence is what counts there.
    if (process.platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function puppeteerExecutablePath(shell = false): string | undefined {
  try {
    return shell ? puppeteer.executablePath({ headless: 'shell' }) : puppeteer.executablePath();
  } catch {
    // Throws when no browser revision is configured; treat as "not downloaded".
    return undefined;
  }
}

const defaultProbe: BrowserProbe = {
  env: process.env,
  platform: process.platform,
  isExecutable: isExecutableFile,
  puppeteerPath: () => puppeteerExecutablePath(),
  puppeteerShellPath: () => puppeteerExecutablePath(true),
};

/** Every place a system browser may live, in search order (PATH first, then the usual folders). */
function systemBrowserCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const out: string[] = [];
  const pathDirs = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'] ?? env['ProgramFiles'], env['PROGRAMFILES(X86)'] ?? env['ProgramFiles(x86)'], env['LOCALAPPDATA']]
      .filter((root): root is string => Boolean(root));
    for (const dir of pathDirs) for (const name of ['chrome.exe', 'msedge.exe', 'chromium.exe']) out.push(join(dir, name));
    for (const root of roots) out.push(`${root}\\Google\\Chrome\\Application\\chrome.exe`);
    for (const root of roots) out.push(`${root}\\Microsoft\\Edge\\Application\\msedge.exe`);
    for (const root of roots) out.push(`${root}\\Chromium\\Application\\chrome.exe`);
    return out;
  }
  // Debian's /usr/bin/chromium-headless-shell is a script that starts this binary without exec: the
  // process Puppeteer holds would be the script, so a kill or a crash check would miss the browser.
  out.push('/usr/lib/chromium/chromium-headless-shell');
  for (const name of SYSTEM_NAMES) for (const dir of pathDirs) out.push(join(dir, name));
  for (const name of SYSTEM_NAMES) out.push(`/usr/bin/${name}`, `/usr/local/bin/${name}`, `/snap/bin/${name}`);
  out.push('/opt/google/chrome/chrome');
  if (platform === 'darwin') {
    out.push(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
  }
  return [...new Set(out)];
}

/**
 * The browser executable to print with: $PUPPETEER_EXECUTABLE_PATH, else Puppeteer's downloaded
 * headless shell or browser, else a system Chromium (its headless shell first) or Chrome (Edge on
 * Windows). Throws RenderError with install advice.
 */
export function findBrowser(probe: BrowserProbe = defaultProbe): string {
  const fromEnv = probe.env['PUPPETEER_EXECUTABLE_PATH'];
  if (fromEnv) {
    if (probe.isExecutable(fromEnv)) return fromEnv;
    // An explicit setting that is wrong should be fixed, not silently replaced by another browser.
    throw new RenderError('BROWSER_PATH_INVALID', { path: fromEnv });
  }
  for (const downloaded of [probe.puppeteerShellPath?.(), probe.puppeteerPath()]) {
    if (downloaded && probe.isExecutable(downloaded)) return downloaded;
  }
  const system = systemBrowserCandidates(probe.env, probe.platform).find((file) => probe.isExecutable(file));
  if (system) return system;
  throw new RenderError('BROWSER_NOT_FOUND');
}

/**
 * Starts one headless browser; the caller closes it. With `userDataDir` the caller owns the browser's
 * lifetime (run-browser.ts handles the signals); without, Puppeteer kills it when the CLI is interrupted.
 */
export async function launchBrowser(executablePath: string = findBrowser(), userDataDir?: string): Promise<Browser> {
  const own = userDataDir === undefined;
  try {
    return await puppeteer.launch({
      executablePath,
      headless: isHeadlessShell(executablePath) ? 'shell' : true,
      args: [...BROWSER_ARGS],
      ...(userDataDir ? { userDataDir } : {}),
      // A loaded 2-core machine can take far longer than Puppeteer's 30 s to start Chromium.
      timeout: 180_000,
      // Our own per-print timeouts (pdf.ts) decide; a long batch must not hit Puppeteer's 180 s.
      protocolTimeout: 3_600_000,
      handleSIGINT: own,
      handleSIGTERM: own,
      handleSIGHUP: own,
    });
  } catch (cause) {
    throw new RenderError('BROWSER_START_FAILED', { path: executablePath, reason: cause instanceof Error ? cause.message : String(cause) }, { cause });
  }
}
