/**
 * deploy/: the systemd service and timer and the Windows Task Scheduler task, checked as far as
 * this machine allows: the unit files verified by systemd-analyze, the task XML parsed, and the
 * command line each one starts run for real on a starter campaign.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const DEPLOY = path.join(ROOT, 'deploy');
const work = mkdtempSync(path.join(tmpdir(), 'tonghop-deploy-'));
const binDir = path.join(work, 'bin');
const tonghopBin = path.join(binDir, 'tonghop');
const ENV = { ...process.env, TONGHOP_CODE_FINGERPRINT: 'deploy-test', PATH: `${binDir}${path.delimiter}${process.env['PATH'] ?? ''}` };

async function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd: options.cwd ?? work, env: options.env ?? ENV, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** systemd unit file → section → key → values (keys may repeat). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit file line: ${line}`);
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

/** Makes a starter campaign in `dir` with the command under test. */
async function starter(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const init = await run(tonghopBin, ['init', '.'], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
}

beforeAll(() => {
  // What `npm install -g` puts on the PATH: a `tonghop` command (here, the built CLI).
  mkdirSync(binDir);
  writeFileSync(tonghopBin, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'cli.js')}" "$@"\n`);
  chmodSync(tonghopBin, 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('systemd service and timer', () => {
  const service = parseUnit(readFileSync(path.join(DEPLOY, 'tonghop.service'), 'utf8'));
  const timer = parseUnit(readFileSync(path.join(DEPLOY, 'tonghop.timer'), 'utf8'));
  const s = service.get('Service')!;

  it('runs as its own non-root user, in the campaign folder, with an environment file', () => {
    expect(s.get('Type')).toEqual(['oneshot']);
    expect(s.get('User')).toEqual(['tonghop']);
    expect(s.get('WorkingDirectory')).toEqual(['/srv/van-dong']);
    expect(s.get('EnvironmentFile')).toEqual(['-/etc/tonghop/tonghop.env']);
    expect(s.get('ExecStart')).toEqual(['/usr/local/bin/tonghop run --config campaign.yaml --quiet']);
    expect(s.get('SuccessExitStatus')).toEqual(['1']);
    expect(existsSync(path.join(DEPLOY, 'tonghop.env'))).toBe(true);
    expect(timer.get('Timer')!.get('OnCalendar')).toEqual(['*-*-* 02:00:00 Asia/Ho_Chi_Minh']);
    expect(timer.get('Install')!.get('WantedBy')).toEqual(['timers.target']);
  });

  it('systemd-analyze verifies both units (with ExecStart pointing at an installed tonghop)', async () => {
    const units = path.join(work, 'units');
    mkdirSync(units);
    const text = readFileSync(path.join(DEPLOY, 'tonghop.service'), 'utf8').replace('/usr/local/bin/tonghop', tonghopBin).replace('/srv/van-dong', work);
    writeFileSync(path.join(units, 'tonghop.service'), text);
    copyFileSync(path.join(DEPLOY, 'tonghop.timer'), path.join(units, 'tonghop.timer'));
    const verify = await run('systemd-analyze', ['verify', path.join(units, 'tonghop.service'), path.join(units, 'tonghop.timer')]);
    expect(verify.stderr.split('\n').filter((l) => l.includes('tonghop.'))).toEqual([]);
    expect(verify.code, verify.stderr).toBe(0);
    const calendar = await run('systemd-analyze', ['calendar', timer.get('Timer')!.get('OnCalendar')![0]!]);
    expect(calendar.code, calendar.stderr).toBe(0);
    expect(calendar.stdout).toMatch(/Normalized form: \*-\*-\* 02:00:00 Asia\/Ho_Chi_Minh/);
  });

  it('ExecStart, run in WorkingDirectory with its Environment, ends with an exit status systemd counts as success', async () => {
    const dir = path.join(work, 'srv-van-dong');
    await starter(dir);
    const [command, ...args] = s.get('ExecStart')![0]!.split(/\s+/);
    expect(command).toBe('/usr/local/bin/tonghop');
    const env = { ...ENV, ...Object.fromEntries(s.get('Environment')!.map((e) => e.split('=') as [string, string])) };
    const result = await run(tonghopBin, args, { cwd: dir, env });
    expect(['0', ...s.get('SuccessExitStatus')!]).toContain(String(result.code));
    expect(existsSync(path.join(dir, 'output', 'latest', 'bao-cao-tong-hop.pdf'))).toBe(true);
    // --quiet with JSON logs (journald): one line, the summary.
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event?: string; msg: string });
    expect(lines.map((l) => l.event)).toEqual(['summary']);
  }, 120_000);
});

describe('Windows Task Scheduler task', () => {
  const bytes = readFileSync(path.join(DEPLOY, 'tonghop-task.xml'));
  const xml = bytes.subarray(2).toString('utf16le');
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const unescape = (s: string) => s.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

  it('is UTF-16 with a byte-order mark, as schtasks /XML expects, and well formed', () => {
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    const stack: string[] = [];
    for (const m of xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop(), `</${m[2]}>`).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
  });

  it('runs at 02:00 every day as an ordinary user, one instance at a time', () => {
    expect(tag('StartBoundary')).toMatch(/T02:00:00$/);
    expect(tag('DaysInterval')).toBe('1');
    expect(tag('RunLevel')).toBe('LeastPrivilege');
    expect(tag('LogonType')).toBe('Password');
    expect(tag('MultipleInstancesPolicy')).toBe('IgnoreNew');
    expect(tag('Command')).toBe('cmd.exe');
    expect(tag('WorkingDirectory')).toBe('D:\\van-dong');
  });

  it('its command line, run by a shell in the campaign folder, writes the night to output\\cron.log', async () => {
    const dir = path.join(work, 'van-dong');
    await starter(dir);
    const args = unescape(tag('Arguments')!);
    expect(args).toBe('/d /c tonghop run --config campaign.yaml --quiet >> output\\cron.log 2>&1');
    // cmd's "/d /c" and Windows path separators aside, the same words run here.
    const line = args.replace(/^\/d \/c /, '').replace(/\\/g, '/');
    await run('mkdir', ['-p', 'output'], { cwd: dir });
    const result = await run('sh', ['-c', line], { cwd: dir, env: { ...ENV, TONGHOP_LOG_FORMAT: 'text' } });
    expect(result.code).toBe(1);
    expect(readFileSync(path.join(dir, 'output', 'cron.log'), 'utf8').trim()).toBe('Tổng cộng 5.550.000 đồng, 3 lượt ủng hộ; 1/2 đơn vị đã báo cáo; 0 lỗi, 2 cảnh báo.');
  }, 120_000);
});
