/** Where findBrowser looks, in order, using a fake file system. */
import { describe, expect, it } from 'vitest';
import { RenderError } from '../src/errors/errors.js';
import { type BrowserProbe, findBrowser, isHeadlessShell } from '../src/outputs/pdf/browser.js';

function probe(files: string[], overrides: Partial<BrowserProbe> = {}): BrowserProbe {
  const set = new Set(files);
  return {
    env: { PATH: '/home/u/bin:/usr/bin' },
    platform: 'linux',
    isExecutable: (file) => set.has(file),
    puppeteerPath: () => '/home/u/.cache/puppeteer/chrome/linux-148/chrome',
    ...overrides,
  };
}

describe('findBrowser', () => {
  it('prefers PUPPETEER_EXECUTABLE_PATH', () => {
    const p = probe(['/opt/chrome', '/usr/bin/chromium'], { env: { PATH: '/usr/bin', PUPPETEER_EXECUTABLE_PATH: '/opt/chrome' } });
    expect(findBrowser(p)).toBe('/opt/chrome');
  });

  it('rejects a PUPPETEER_EXECUTABLE_PATH that does not exist instead of silently using another browser', () => {
    const p = probe(['/usr/bin/chromium'], { env: { PATH: '/usr/bin', PUPPETEER_EXECUTABLE_PATH: '/nope/chrome' } });
    expect(() => findBrowser(p)).toThrow(/PUPPETEER_EXECUTABLE_PATH/);
  });

  it("then Puppeteer's downloaded browser", () => {
    expect(findBrowser(probe(['/home/u/.cache/puppeteer/chrome/linux-148/chrome', '/usr/bin/chromium']))).toBe(
      '/home/u/.cache/puppeteer/chrome/linux-148/chrome',
    );
  });

  it("prefers Puppeteer's downloaded headless shell to its full browser", () => {
    const shell = '/home/u/.cache/puppeteer/chrome-headless-shell/linux-148/chrome-headless-shell-linux64/chrome-headless-shell';
    const p = (files: string[]) => probe(files, { puppeteerShellPath: () => shell });
    expect(findBrowser(p([shell, '/home/u/.cache/puppeteer/chrome/linux-148/chrome']))).toBe(shell);
    // Not downloaded (PUPPETEER_CHROME_HEADLESS_SHELL_SKIP_DOWNLOAD): the full browser.
    expect(findBrowser(p(['/home/u/.cache/puppeteer/chrome/linux-148/chrome']))).toBe('/home/u/.cache/puppeteer/chrome/linux-148/chrome');
  });

  it("then Debian's headless shell binary (not its wrapper script), before chromium", () => {
    expect(findBrowser(probe(['/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell']))).toBe(
      '/usr/lib/chromium/chromium-headless-shell',
    );
    expect(findBrowser(probe(['/usr/bin/chromium', '/usr/bin/chromium-headless-shell']))).toBe('/usr/bin/chromium-headless-shell');
  });

  it('starts a headless shell in its own mode, any other browser in the new headless mode', () => {
    expect(isHeadlessShell('/usr/lib/chromium/chromium-headless-shell')).toBe(true);
    expect(isHeadlessShell('C:\\Users\\u\\.cache\\puppeteer\\chrome-headless-shell\\win64-148\\chrome-headless-shell-win64\\chrome-headless-shell.exe')).toBe(true);
    expect(isHeadlessShell('/usr/bin/chromium')).toBe(false);
    expect(isHeadlessShell('/opt/headless-shell-tools/chrome')).toBe(false);
  });

  it('then chromium on PATH before google-chrome', () => {
    expect(findBrowser(probe(['/usr/bin/google-chrome', '/home/u/bin/chromium']))).toBe('/home/u/bin/chromium');
    expect(findBrowser(probe(['/usr/bin/google-chrome-stable']))).toBe('/usr/bin/google-chrome-stable');
  });

  it('looks in the usual Windows folders', () => {
    const chrome = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const env = { Path: 'C:\\Windows', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };
    expect(findBrowser(probe([edge, chrome], { env, platform: 'win32' }))).toBe(chrome);
    expect(findBrowser(probe([edge], { env, platform: 'win32' }))).toBe(edge);
  });

  it('explains how to install a browser, in Vietnamese', () => {
    let error: unknown;
    try {
      findBrowser(probe([]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe('BROWSER_NOT_FOUND');
    expect((error as Error).message).toContain('Không tìm thấy trình duyệt');
    const hint = (error as RenderError).hint ?? '';
    expect(hint).toContain('sudo apt-get install chromium');
    expect(hint).toContain('npx puppeteer browsers install chrome');
  });
});
