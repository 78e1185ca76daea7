/**
 * Telling people about a night's run (config `notify:`): a short Vietnamese message by e-mail over
 * SMTP, to a shell command and/or to a webhook. Sending never fails the run: a message that cannot
 * go out is reported back to the caller, who logs it.
 */
import { spawn } from 'node:child_process';
import nodemailer from 'nodemailer';
import { formatMoney } from '../format/number.js';
import type { NotifyConfig } from '../model/config.js';
import type { Summary } from '../model/summary.js';
import { changeLines } from '../outputs/changes-text.js';
import { vnDateTime } from '../outputs/dashboard.js';

/** What happened, as far as a message needs to say. */
type RunNotice =
  | { status: 'ok'; campaign: string; runId: string; at: string; summary: Summary; resultDir: string }
  | { status: 'failed'; campaign: string; runId: string; at: string; failure: string; lastGood?: { id: string; at: string }; outputRoot: string };

type NotifyMessage = { subject: string; text: string };

/** Errors this run has that the previous successful run did not. */
function newErrors(summary: Summary): number {
  return (summary.changes?.issues.new ?? []).filter((i) => i.severity === 'error').length;
}

/** Whether `when` asks for a message about this run. */
function shouldNotify(when: NotifyConfig['when'], notice: RunNotice): boolean {
  if (notice.status === 'failed' || when === 'always') return true;
  return when === 'new-errors' && newErrors(notice.summary) > 0;
}

function notifyMessage(notice: RunNotice): NotifyMessage {
  const at = vnDateTime(notice.at);
  if (notice.status === 'failed') {
    const lastGood = notice.lastGood
      ? `Bảng theo dõi (latest) vẫn là lần chạy thành công gần nhất: ${notice.lastGood.id} lúc ${vnDateTime(notice.lastGood.at)}.`
      : 'Chưa có lần chạy nào thành công.';
    return {
      subject: `[tonghop] THẤT BẠI: lần chạy ${notice.runId} — ${notice.campaign}`,
      text: [
        `Lần chạy tổng hợp lúc ${at} không thành công: ${notice.failure}`,
        lastGood,
        `Cần người phụ trách kỹ thuật xem nhật ký (thư mục ${notice.outputRoot}, tệp cron.log, hoặc journalctl -u tonghop) rồi chạy lại.`,
      ].join('\n'),
    };
  }
  const { summary } = notice;
  const fresh = newErrors(summary);
  const t = summary.totals;
  const headline = fresh > 0 ? `${fresh} lỗi mới` : summary.issueCounts.error > 0 ? `${summary.issueCounts.error} lỗi` : 'xong';
  return {
    subject: `[tonghop] ${notice.campaign}: ${headline} (lần chạy ${notice.runId})`,
    text: [
      `Lần chạy tổng hợp lúc ${at} đã xong.`,
      `Tổng cộng ${formatMoney(t.amount)} đồng, ${formatMoney(t.donors)} lượt ủng hộ; ${t.units.reported}/${t.units.expected} đơn vị đã báo cáo; ${summary.issueCounts.error} lỗi, ${summary.issueCounts.warning} cảnh báo.`,
      ...(summary.changes ? changeLines(summary.changes) : []),
      `Xem bảng theo dõi: ${notice.resultDir}/index.html`,
    ].join('\n'),
  };
}

async function sendEmail(email: NonNullable<NotifyConfig['email']>, message: NotifyMessage, env: NodeJS.ProcessEnv): Promise<void> {
  const password = env[email.passwordEnv];
  const transport = nodemailer.createTransport({
    host: email.host,
    port: email.port,
    secure: email.secure,
    ...(email.user ? { auth: { user: email.user, pass: password ?? '' } } : {}),
    connectionTimeout: 20_000,
    socketTimeout: 30_000,
  });
  try {
    await transport.sendMail({ from: email.from, to: email.to.join(', '), subject: message.subject, text: message.text });
  } finally {
    transport.close();
  }
}

function runCommand(command: string, message: NotifyMessage, notice: RunNotice, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      cwd,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 60_000,
      env: { ...process.env, TONGHOP_NOTIFY_SUBJECT: message.subject, TONGHOP_NOTIFY_STATUS: notice.status, TONGHOP_NOTIFY_RUN: notice.runId },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`lệnh thoát với mã ${code ?? signal}${stderr.trim() ? `: ${stderr.trim().slice(0, 300)}` : ''}`)),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(`${message.subject}\n\n${message.text}\n`);
  });
}

async function postWebhook(url: string, message: NotifyMessage, notice: RunNotice): Promise<void> {
  const body = {
    subject: message.subject,
    text: message.text,
    status: notice.status,
    runId: notice.runId,
    campaign: notice.campaign,
    ...(notice.status === 'ok' ? { errors: notice.summary.issueCounts.error, warnings: notice.summary.issueCounts.warning, newErrors: newErrors(notice.summary) } : {}),
  };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  if (!response.ok) throw new Error(`máy chủ trả lời ${response.status} ${response.statusText}`);
}

/**
 * Sends the message by every way configured, when `when` asks for one. Returns one line per way that
 * failed (empty: all sent, or nothing to send).
 */
export async function sendNotifications(notify: NotifyConfig | undefined, notice: RunNotice, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (!notify || !shouldNotify(notify.when, notice)) return [];
  const message = notifyMessage(notice);
  const ways: [string, () => Promise<void>][] = [];
  if (notify.email) ways.push([`e-mail tới ${notify.email.to.join(', ')}`, () => sendEmail(notify.email!, message, env)]);
  if (notify.command) ways.push([`lệnh "${notify.command}"`, () => runCommand(notify.command!, message, notice, cwd)]);
  if (notify.webhook) ways.push([`webhook ${notify.webhook}`, () => postWebhook(notify.webhook!, message, notice)]);
  const failures: string[] = [];
  for (const [what, send] of ways) {
    try {
      await send();
    } catch (error) {
      failures.push(`Không gửi được thông báo qua ${what}: ${(error as Error).message}`);
    }
  }
  return failures;
}
