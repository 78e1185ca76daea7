/** Where findBrowser looks, in order, using a fake file system. */
import { describe, expect, it } from 'vitest';
import { RenderError } from '../src/errors/errors.js';
import { type BrowserProbe, findBrowser } from '../src/outputs/pdf/browser.js';

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
