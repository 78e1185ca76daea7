/**
 * What a run says while it works: on a terminal, one redrawn progress line above which messages
 * scroll; elsewhere (cron, systemd, CI) one JSON object a line that log tools can read; or plain text.
 */
import type { LogLevel, RunEvents, RunStage } from '../run/run-campaign.js';

export const LOG_FORMATS = ['auto', 'text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** How the console reporter actually writes. */
type ConsoleMode = 'tty' | 'text' | 'json';

const STAGE_LABELS: Record<RunStage, string> = {
  config: 'Đọc cấu hình',
  read: 'Đọc tệp',
  analyse: 'Kiểm tra, tổng hợp',
  render: 'In báo cáo',
  certificates: 'In giấy chứng nhận',
  feedback: 'Phản hồi cho đơn vị',
  write: 'Ghi kết quả',
  done: 'Xong',
};
const STAGE_ORDER: RunStage[] = ['config', 'read', 'analyse', 'render', 'certificates', 'feedback', 'write'];

/** `auto`: a redrawn line on a terminal, JSON lines otherwise; TONGHOP_LOG_FORMAT overrides `auto`. */
export function resolveLogFormat(format: LogFormat, isTty: boolean, env: NodeJS.ProcessEnv = process.env): ConsoleMode {
  if (format === 'text' || format === 'json') return format;
  const fromEnv = env['TONGHOP_LOG_FORMAT'];
  if (fromEnv === 'text' || fromEnv === 'json') return fromEnv;
  return isTty ? 'tty' : 'json';
}

/** One JSON log record: time, level, stage, message and any structured fields. */
function jsonLine(level: LogLevel, stage: RunStage | undefined, msg: string, data: Record<string, unknown> = {}): string {
  return JSON.stringify({ time: new Date().toISOString(), level, ...(stage ? { stage } : {}), msg, ...data });
}

function bar(done: number, total: number, width = 20): string {
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export type ConsoleReporter = RunEvents & { readonly mode: ConsoleMode; close(): void };

/**
 * A reporter writing lines through `out`; in tty mode the progress line is drawn on `stream`
 * (the same terminal) and cleared before each message so the two never mix.
 */
export function consoleReporter(mode: ConsoleMode, out: (line: string) => void, stream?: NodeJS.WriteStream): ConsoleReporter {
  let stage: RunStage | undefined;
  let status = '';
  let drawn = false;
  const draw = () => {
    if (mode !== 'tty' || !stream || !status) return;
    stream.write(`\r\x1b[2K${status}`);
    drawn = true;
  };
  const clear = () => {
    if (!drawn || !stream) return;
    stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    mode,
    log(line, level = 'info', data) {
      if (mode === 'json') return out(jsonLine(level, stage, line, data));
      clear();
      out(line);
      draw();
    },
    stage(next, done, total) {
      const changed = stage !== next;
      stage = next;
      if (mode !== 'tty') {
        // JSON logs get one line per stage, not one per file; plain text none.
        if (changed && mode === 'json') out(jsonLine('info', next, STAGE_LABELS[next], { event: 'stage' }));
        return;
      }
      const index = STAGE_ORDER.indexOf(next);
      const step = index >= 0 ? `${index + 1}/${STAGE_ORDER.length} ` : '';
      const count = total ? ` ${bar(done ?? 0, total)} ${done ?? 0}/${total}` : '';
      clear();
      status = next === 'done' ? '' : `${step}${STAGE_LABELS[next]}…${count}`;
      draw();
    },
    step(name) {
      if (mode === 'json') out(jsonLine('info', stage, name, { event: 'step', step: name }));
    },
    close() {
      clear();
      status = '';
    },
  };
}
