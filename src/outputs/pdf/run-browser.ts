/**
 * The run's one Chromium, kept alive for the whole run: a browser that crashed or hung is replaced
 * (`relaunch`), and no Chromium outlives the run. Chromium runs in its own process group with its
 * own profile folder; the pair is recorded under `<output>/.state/chromium/` while it runs, so a run
 * after a SIGKILLed one can find and end what the killed run left (orphans.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer';
import { RenderError } from '../../errors/errors.js';
import { findBrowser, launchBrowser } from './browser.js';
import type { Printer } from './pdf.js';

/** Where a run records its Chromium, relative to the output folder. */
export const CHROMIUM_STATE_DIR = path.join('.state', 'chromium');
/** Profile folders are named so that orphans.ts can tell ours from anyone else's Chromium. */
export const PROFILE_PREFIX = 'tonghop-chromium-';

/** What a run writes about its Chromium while it runs (removed when it is closed). */
export type ChromiumRecord = { owner: number; pid: number; userDataDir: string; startedAt: string };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Kills a whole process group (Chromium and its renderers), then the leader alone if that fails. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

type RunBrowserOptions = {
  /** Output folder whose `.state/chromium/` records this browser; none: not recorded. */
  readonly outputRoot?: string | undefined;
  /** Chromium executable. @default findBrowser() */
  readonly executablePath?: string;
};

export class RunBrowser implements Printer {
  #browser: Browser | undefined;
  #profile = '';
  #record = '';
  #generation = 0;
  #relaunching: Promise<void> | undefined;
  #closed = false;
  readonly #executablePath: string;
  readonly #stateDir: string | undefined;
  readonly #onSignal = (signal: NodeJS.Signals): void => this.#killOnSignal(signal);

  private constructor(options: RunBrowserOptions) {
    this.#executablePath = options.executablePath ?? findBrowser();
    this.#stateDir = options.outputRoot ? path.join(options.outputRoot, CHROMIUM_STATE_DIR) : undefined;
  }

  /** Starts the run's browser; the caller closes it (also on error). */
  static async launch(options: RunBrowserOptions = {}): Promise<RunBrowser> {
    const browser = new RunBrowser(options);
    for (const signal of SIGNALS) process.on(signal, browser.#onSignal);
    try {
      await browser.#start();
    } catch (error) {
      await browser.close();
      throw error;
    }
    return browser;
  }

  /** Bumped each time the browser is replaced: a print that failed under an older one was not at fault. */
  get generation(): number {
    return this.#generation;
  }

  /** The Chromium process now running (tests kill it to check the relaunch). */
  process(): ChildProcess | null {
    return this.#browser?.process() ?? null;
  }

  async newPage(): Promise<Page> {
    if (this.#closed) throw new RenderError('BROWSER_PAGE_FAILED', {});
    // A tab opened while another tab's failure is replacing the browser waits for the new one: seeing
    // the old one disconnected, it would otherwise replace the browser a second time.
    await this.#relaunching?.catch(() => undefined);
    if (!this.#browser?.connected) await this.relaunch(this.#generation);
    return this.#browser!.newPage();
  }

  /**
   * Replaces the browser of `generation` with a fresh one; tabs that failed together share one
   * relaunch, and a caller whose browser was already replaced just waits for the new one.
   */
  async relaunch(generation: number): Promise<void> {
    if (this.#closed) throw new RenderError('BROWSER_PAGE_FAILED', {});
    if (generation !== this.#generation) return this.#relaunching;
    this.#generation++;
    this.#relaunching = (async () => {
      this.#stop();
      await this.#start();
    })();
    return this.#relaunching;
  }

  /** Closes Chromium (killing what is left of it), removes its profile and its record. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const signal of SIGNALS) process.removeListener(signal, this.#onSignal);
    const browser = this.#browser;
    if (browser?.connected) {
      // A hung Chromium must not hold the run: past 5 s it is killed below.
      await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000).unref())]);
    }
    this.#stop();
  }

  async #start(): Promise<void> {
    this.#profile = await mkdtemp(path.join(tmpdir(), PROFILE_PREFIX));
    const browser = await launchBrowser(this.#executablePath, this.#profile);
    this.#browser = browser;
    const pid = browser.process()?.pid;
    if (this.#stateDir && pid) {
      mkdirSync(this.#stateDir, { recursive: true });
      this.#record = path.join(this.#stateDir, `${pid}.json`);
      const record: ChromiumRecord = { owner: process.pid, pid, userDataDir: this.#profile, startedAt: new Date().toISOString() };
      writeFileSync(this.#record, JSON.stringify(record));
    }
  }

  /** Synchronous so that it also works from a signal handler. */
  #stop(): void {
    const pid = this.#browser?.process()?.pid;
    if (pid) killGroup(pid);
    this.#browser?.disconnect().catch(() => undefined);
    this.#browser = undefined;
    try {
      if (this.#profile) rmSync(this.#profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A dying renderer still writing; the next run's orphans.ts removes what is left.
    }
    this.#profile = '';
    if (this.#record) {
      try {
        unlinkSync(this.#record);
      } catch {
        // Never written or already removed.
      }
    }
    this.#record = '';
  }

  #killOnSignal(signal: NodeJS.Signals): void {
    this.#closed = true;
    for (const s of SIGNALS) process.removeListener(s, this.#onSignal);
    this.#stop();
    // Nobody else handles it (the scheduler does): end the way the signal would have ended us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
}
