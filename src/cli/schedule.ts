/**
 * `tonghop schedule`: stays running and starts a run at a set time each night, for offices without
 * cron or Task Scheduler. Each run is a child process (`tonghop run`), so a run that crashes or
 * hangs never takes the scheduler down; the output folder's lock keeps runs from overlapping.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cron } from 'croner';
import { loadConfig, outputRootOf } from '../config/load.js';
import { UsageError } from '../errors/errors.js';
import { vnDateTime } from '../outputs/dashboard.js';
import { VIETNAM_TIMEZONE } from '../format/date.js';

/** @default Vietnam time, whatever the machine's clock zone */
export const DEFAULT_TIMEZONE = VIETNAM_TIMEZONE;
const SCHEDULE_LOG_FILE = 'schedule.log';

type ScheduleOptions = {
  configPath: string;
  outputDir?: string;
  /** "02:00": every day at that time. */
  at?: string;
  /** A cron expression instead of `at` (5 fields, or 6 with seconds first). */
  cron?: string;
  /** @default DEFAULT_TIMEZONE */
  timezone?: string;
  /** Stop after this many runs (tests; unset: run until stopped). */
  maxRuns?: number;
  /** Log format passed to each run. */
  logFormat: 'text' | 'json';
  log: (line: string) => void;
};

type RunOutcome = { code: number | null; signal: NodeJS.Signals | null; ms: number };

/** "2:00" / "02:00" → "0 2 * * *"; anything else is a usage error naming the option. */
function cronForTime(at: string): string {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at.trim());
  if (!m) throw new UsageError('SCHEDULE_TIME_INVALID', { at });
  return `${Number(m[2])} ${Number(m[1])} * * *`;
}

/** The CLI entry beside this module: dist/cli.js when built, src/cli.ts under tsx. */
function cliEntry(): string {
  const dir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const js = path.join(dir, 'cli.js');
  return existsSync(js) ? js : path.join(dir, 'cli.ts');
}

const EXIT_WORDS: Record<number, string> = { 0: 'sạch', 1: 'có vấn đề số liệu', 2: 'không chạy được' };

/** Starts `tonghop run` and forwards its output line by line. */
function runChild(options: ScheduleOptions): Promise<RunOutcome> {
  const args = [...process.execArgv, cliEntry(), 'run', '--config', options.configPath, '--log-format', options.logFormat];
  if (options.outputDir) args.push('--output', options.outputDir);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) options.log(line);
      });
      stream.on('end', () => rest && options.log(rest));
    };
    forward(child.stdout);
    forward(child.stderr);
    child.on('error', (error) => {
      options.log(`Không khởi động được lần chạy: ${error.message}`);
      resolve({ code: null, signal: null, ms: Date.now() - started });
    });
    child.on('close', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
}

/**
 * Runs on schedule until `maxRuns` runs are done or the process is stopped; returns how many ran.
 * `runOnce` replaces the child process in tests of the timing alone.
 */
export async function schedule(options: ScheduleOptions, runOnce: () => Promise<RunOutcome> = () => runChild(options)): Promise<number> {
  if (Boolean(options.at) === Boolean(options.cron)) throw new UsageError('SCHEDULE_NEEDS_ONE');
  const pattern = options.cron ?? cronForTime(options.at!);
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const loaded = await loadConfig(options.configPath);
  const outputRoot = outputRootOf(loaded, options.outputDir);
  const record = (line: string) => {
    options.log(line);
    try {
      appendFileSync(path.join(outputRoot, SCHEDULE_LOG_FILE), `${new Date().toISOString()} ${line}\n`);
    } catch {
      // The folder may not exist before the first run; the console still has the line.
    }
  };

  let runs = 0;
  return new Promise<number>((resolve, reject) => {
    let job: Cron;
    const finish = () => {
      job.stop();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve(runs);
    };
    const onSignal = () => {
      record('Dừng lịch chạy.');
      finish();
    };
    try {
      job = new Cron(pattern, { timezone, protect: true }, async () => {
        runs++;
        const n = runs;
        record(`Lần chạy theo lịch thứ ${n} bắt đầu.`);
        let outcome: RunOutcome;
        try {
          outcome = await runOnce();
        } catch (error) {
          outcome = { code: null, signal: null, ms: 0 };
          record(`Lần chạy thứ ${n} lỗi: ${(error as Error).message}`);
        }
        const how =
          outcome.signal !== null
            ? `bị dừng (${outcome.signal})`
            : outcome.code === null
              ? 'không chạy được'
              : `mã ${outcome.code} (${EXIT_WORDS[outcome.code] ?? 'lỗi'})`;
        record(`Lần chạy theo lịch thứ ${n} kết thúc: ${how}, ${(outcome.ms / 1000).toFixed(1).replace('.', ',')} giây.`);
        if (options.maxRuns !== undefined && n >= options.maxRuns) return finish();
        const next = job.nextRun();
        if (next) record(`Lần chạy tới: ${vnDateTime(next.toISOString())} (giờ Việt Nam).`);
      });
    } catch (error) {
      reject(new UsageError('SCHEDULE_CRON_INVALID', { pattern, reason: (error as Error).message }));
      return;
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const next = job.nextRun();
    record(`Lịch chạy "${pattern}" (múi giờ ${timezone}); lần chạy tới: ${next ? vnDateTime(next.toISOString()) : 'không có'} (giờ Việt Nam).`);
  });
}
