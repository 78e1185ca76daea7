/**
 * Nightly trust, as IT sees it the morning after: the built CLI on a starter campaign, with
 * `notify:` sending to a local SMTP server, a local webhook and a command; a failed run shown on
 * latest/index.html (latest staying on the good run), in `history` and by the exit code; `--quiet`;
 * `keep:`; rotated logs; `diff previous latest` after a first run.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '..', 'dist', 'cli.js');
const ENV = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'nightly-trust-test', TONGHOP_LOG_FORMAT: 'text' };

async function tonghop(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], { env: { ...ENV, ...env }, maxBuffer: 16 << 20, ...(cwd ? { cwd } : {}) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Mail = { from: string; to: string[]; raw: string };
const mails: Mail[] = [];
const hooks: { status: string; subject: string; text: string; runId: string }[] = [];
let smtp: SMTPServer;
let http: Server;
const dir = mkdtempSync(path.join(tmpdir(), 'tonghop-trust-'));
const config = path.join(dir, 'dot', 'campaign.yaml');
const output = path.join(dir, 'dot', 'output');
const commandLog = path.join(dir, 'thong-bao.txt');
const runDirs = () => readdirSync(output).filter((f) => /^\d{8}-\d{6}(-\d+)?$/.test(f)).sort();
const latest = () => readlinkSync(path.join(output, 'latest'));

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      hooks.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;

  expect((await tonghop(['init', 'dot'], {}, dir)).code).toBe(0);
  appendFileSync(
    config,
    [
      'keep: 2',
      'notify:',
      '  when: always',
      '  email: { host: 127.0.0.1, port: ' + smtpPort + ', from: "tonghop@mttq.example", to: ["van-phong@mttq.example"] }',
      `  webhook: "http://127.0.0.1:${httpPort}/tonghop"`,
      `  command: "cat >> '${commandLog}'"`,
      '',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => http.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a first run, told by e-mail, webhook and command', () => {
  let first: Awaited<ReturnType<typeof tonghop>>;
  beforeAll(async () => {
    first = await tonghop(['run', '--config', config]);
  }, 120_000);

  it('ends with exit code 1 (a unit has not reported) and sends one message each way', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['van-phong@mttq.example']);
    expect(mails[0]!.raw).toMatch(/^Subject: /m);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ status: 'ok', runId: latest() });
    expect(hooks[0]!.subject).toContain('[tonghop] Kết quả vận động');
    expect(hooks[0]!.text).toContain('Tổng cộng 5.550.000 đồng, 3 lượt ủng hộ; 1/2 đơn vị đã báo cáo');
    expect(readFileSync(commandLog, 'utf8')).toContain('Lần chạy tổng hợp lúc');
  });

  it('diff previous latest explains there is nothing before the first run (exit 0)', async () => {
    const diff = await tonghop(['diff', '--config', config, 'previous', 'latest']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain(`Mới có một lần chạy thành công (${latest()}) nên chưa có lần chạy trước để so sánh.`);
  });
});

describe('a run that fails at night', () => {
  let good: string;
  let failed: Awaited<ReturnType<typeof tonghop>>;
  beforeAll(async () => {
    good = latest();
    hooks.length = 0;
    mails.length = 0;
    // No browser to print with: an operational failure after the run has started.
    failed = await tonghop(['run', '--config', config, '--full', '--quiet'], { PUPPETEER_EXECUTABLE_PATH: path.join(dir, 'khong-co-trinh-duyet') });
  }, 120_000);

  it('exits 2, latest stays on the good run, and its page shows the failure with the last good run', () => {
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('PUPPETEER_EXECUTABLE_PATH');
    expect(latest()).toBe(good);
    const page = readFileSync(path.join(output, 'latest', 'index.html'), 'utf8');
    expect(page).toMatch(/<div class="failed" id="that-bai" role="alert" data-failed-run="\d{8}-\d{6}(-\d+)?">/);
    expect(page).toContain('THẤT BẠI:</strong> PUPPETEER_EXECUTABLE_PATH');
    expect(page).toContain(`Trang này vẫn là lần chạy thành công gần nhất, <strong>${good}</strong>`);
  });

  it('sends the failure by e-mail and webhook, in Vietnamese', () => {
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.status).toBe('failed');
    expect(hooks[0]!.subject).toMatch(/^\[tonghop\] THẤT BẠI: lần chạy \d{8}-\d{6}/);
    expect(hooks[0]!.text).toContain(`Bảng theo dõi (latest) vẫn là lần chạy thành công gần nhất: ${good}`);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.raw).toContain('Content-Type: text/plain; charset=utf-8');
  });

  it('--quiet printed no progress and no issue lines', () => {
    expect(failed.stdout).not.toContain('UNIT_MISSING');
    expect(failed.stdout).not.toContain('Đọc 2 đơn vị');
  });

  it('history marks the failed run and says latest is still the good one', async () => {
    const history = await tonghop(['history', '--config', config]);
    expect(history.code).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^\d{8}-\d{6}(-\d+)?\s+\(!\) thất bại/);
    expect(history.stdout).toContain('(!) Lần chạy mới nhất');
    expect(history.stdout).toContain(`output/latest vẫn là lần chạy thành công ${good}.`);
  });

  it('the next good run clears the banner', async () => {
    const next = await tonghop(['run', '--config', config, '--quiet']);
    expect(next.code).toBe(1);
    // Quiet: the totals line and nothing per issue.
    expect(next.stdout.trim().split('\n')).toEqual(['Tổng cộng 5.550.000 đồng, 3 lượt ủng hộ; 1/2 đơn vị đã báo cáo; 0 lỗi, 2 cảnh báo.']);
    expect(readFileSync(path.join(output, 'latest', 'index.html'), 'utf8')).not.toContain('id="that-bai"');
  }, 120_000);
});

describe('keep: and log rotation', () => {
  it('keeps the two newest run folders (latest among them) and rotates a big cron.log', async () => {
    writeFileSync(path.join(output, 'cron.log'), 'x'.repeat(1024 * 1024 + 10));
    const run = await tonghop(['run', '--config', config]);
    expect(run.code).toBe(1);
    const runs = runDirs();
    expect(runs).toHaveLength(2);
    expect(runs).toContain(latest());
    expect(run.stdout).toMatch(/Đã xóa \d+ thư mục lần chạy cũ \(giữ 2 lần chạy gần nhất, mục keep\)/);
    expect(statSync(path.join(output, 'cron.log.1')).size).toBe(1024 * 1024 + 10);
    expect(existsSync(path.join(output, 'cron.log'))).toBe(false);
    // History stays in the store even for removed folders.
    const history = await tonghop(['history', '--config', config, '--json']);
    expect(JSON.parse(history.stdout).length).toBeGreaterThan(2);
  }, 120_000);
});
