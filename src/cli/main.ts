import { Command, CommanderError, Help, Option } from 'commander';
import path from 'node:path';
import { TonghopError, UsageError } from '../errors/errors.js';
import { VIETNAM_TIMEZONE as DEFAULT_TIMEZONE } from '../format/date.js';
import type { RunResult } from '../run/run-campaign.js';
import { TOOL_VERSION } from '../version.js';
import { consoleReporter, LOG_FORMATS, resolveLogFormat, type ConsoleReporter, type LogFormat } from './progress.js';
import { usageMessage, vietnameseHelp } from './usage.js';

/**
 * Each command loads its own modules when it runs: the pipeline (browser, exceljs, every writer) is
 * not paid for by `--help`, `history` or `diff`, which must start in a fraction of a second.
 */
const runCampaign: typeof import('../run/run-campaign.js').runCampaign = async (options) => (await import('../run/run-campaign.js')).runCampaign(options);

/** Exit codes, documented in the README. */
export const EXIT = { clean: 0, dataIssues: 1, failure: 2 } as const;

type Io = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

/** The options most commands share, defined once. */
const configOption = () => new Option('-c, --config <file>', 'tệp cấu hình đợt vận động').default('campaign.yaml');
const outputOption = () => new Option('-o, --output <dir>', 'thư mục kết quả, thay cho mục output trong cấu hình');
const jsonOption = () => new Option('--json', 'in dạng JSON');

const logFormatOption = () =>
  new Option('--log-format <format>', 'cách ghi nhật ký: auto = dòng tiến độ trên màn hình, JSON từng dòng khi chạy nền (cron); text; json')
    .choices(LOG_FORMATS)
    .default('auto');

/**
 * --quiet (cron, systemd): the totals line and what went wrong with the run itself (a stale lock, a
 * message not sent); no progress and no line per data issue. Fatal errors still go to stderr.
 */
function quietly(reporter: ConsoleReporter): ConsoleReporter {
  return {
    mode: reporter.mode,
    log(line, level = 'info', data) {
      if (data?.['event'] === 'summary' || (level !== 'info' && data?.['code'] === undefined)) reporter.log(line, level, data);
    },
    close: () => reporter.close(),
  };
}

function exitFor(result: RunResult): number {
  return result.summary.issueCounts.error + result.summary.issueCounts.warning > 0 ? EXIT.dataIssues : EXIT.clean;
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('OPTION_NOT_POSITIVE', { option, value });
  return n;
}

/**
 * Runs the command line and returns the exit code. This is the only place that turns failures
 * into messages and exit codes; nothing below it prints fatal errors or exits.
 */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let code: number = EXIT.clean;
  // Progress is redrawn only on a real terminal; anything else gets whole lines.
  const reporterFor = (format: LogFormat) => {
    const tty = io === consoleIo && process.stdout.isTTY === true;
    return consoleReporter(resolveLogFormat(format, tty), io.out, tty ? process.stdout : undefined);
  };
  const program = new Command()
    .name('tonghop')
    .description('Tổng hợp danh sách ủng hộ từ bảng tính của các đơn vị thành báo cáo in được.\nConsolidates the units\' spreadsheets into the printed report.')
    .version(TOOL_VERSION, '-V, --version', 'in số phiên bản')
    .helpOption('-h, --help', 'xem hướng dẫn')
    .helpCommand('help [lệnh]', 'xem hướng dẫn của một lệnh')
    .exitOverride()
    .configureHelp({ formatHelp: (cmd, helper) => vietnameseHelp(Help.prototype.formatHelp.call(helper, cmd, helper)) })
    // Usage errors are worded by usageMessage below, in Vietnamese; commander's English is dropped.
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: () => {}, outputError: () => {} })
    .addHelpText(
      'after',
      `\nMã thoát / exit codes: ${EXIT.clean} = sạch (clean), ${EXIT.dataIssues} = có lỗi hoặc cảnh báo số liệu (data issues found), ${EXIT.failure} = không chạy được (operational failure).`,
    );

  program
    .command('run')
    .description('Đọc, kiểm tra, tổng hợp và in báo cáo PDF vào thư mục kết quả (output/<lần chạy>, output/latest).')
    .addOption(configOption())
    .addOption(outputOption())
    .option('--full', 'đọc lại mọi tệp và in lại mọi kết quả, kể cả khi không có gì thay đổi')
    .option('-q, --quiet', 'chỉ in dòng tổng kết và lỗi của chính lần chạy (cho cron, systemd)')
    .option('--verbose', 'liệt kê từng chỗ có vấn đề, không chỉ gộp theo đơn vị và loại lỗi')
    .option('--no-print', 'không in PDF (báo cáo, giấy chứng nhận, thư phản hồi, danh sách công khai); mọi kết quả khác vẫn ghi')
    .addOption(logFormatOption())
    .action(async (opts: { config: string; output?: string; full?: boolean; quiet?: boolean; verbose?: boolean; print: boolean; logFormat: LogFormat }) => {
      const reporter = opts.quiet ? quietly(reporterFor(opts.logFormat)) : reporterFor(opts.logFormat);
      try {
        const result = await runCampaign({
          configPath: opts.config,
          mode: 'run',
          full: Boolean(opts.full),
          verbose: Boolean(opts.verbose),
          print: opts.print,
          events: reporter,
          runLogFormat: reporter.mode === 'json' ? 'json' : 'text',
          ...(opts.output ? { outputDir: opts.output } : {}),
        });
        code = exitFor(result);
      } finally {
        reporter.close();
      }
    });

  program
    .command('validate')
    .description('Chỉ đọc và kiểm tra các tệp, in danh sách lỗi; không ghi tệp, không in PDF.')
    .addOption(configOption())
    .option('--verbose', 'liệt kê từng chỗ có vấn đề, không chỉ gộp theo đơn vị và loại lỗi')
    .addOption(logFormatOption())
    .action(async (opts: { config: string; verbose?: boolean; logFormat: LogFormat }) => {
      const reporter = reporterFor(opts.logFormat);
      try {
        const result = await runCampaign({ configPath: opts.config, mode: 'validate', verbose: Boolean(opts.verbose), events: reporter });
        const t = result.summary.totals;
        reporter.log(`${t.units.reported}/${t.units.expected} đơn vị đã báo cáo; ${result.summary.issueCounts.error} lỗi, ${result.summary.issueCounts.warning} cảnh báo, ${result.summary.issueCounts.info} thông tin.`);
        code = exitFor(result);
      } finally {
        reporter.close();
      }
    });

  program
    .command('history')
    .description('Liệt kê các lần chạy đã ghi trong kho dữ liệu của thư mục kết quả (mới nhất trước).')
    .addOption(configOption())
    .addOption(outputOption())
    .option('-n, --limit <count>', 'số lần chạy tối đa', (v) => positiveInt(v, '--limit'), 30)
    .addOption(jsonOption())
    .action(async (opts: { config: string; output?: string; limit: number; json?: boolean }) => {
      const { showHistory } = await import('./history.js');
      for (const line of await showHistory({ configPath: opts.config, limit: opts.limit, json: Boolean(opts.json), ...(opts.output ? { outputDir: opts.output } : {}) })) io.out(line);
    });

  program
    .command('diff')
    .description('So sánh hai lần chạy: tệp mới/sửa/mất, số tiền theo đơn vị, trạng thái, vấn đề mới và đã hết. Dùng "latest" và "previous" cho hai lần chạy thành công gần nhất.')
    .addOption(configOption())
    .addOption(outputOption())
    .addOption(jsonOption())
    .argument('<from>', 'lần chạy trước (mã lần chạy, "previous" hoặc "latest")')
    .argument('<to>', 'lần chạy sau')
    .action(async (from: string, to: string, opts: { config: string; output?: string; json?: boolean }) => {
      const { showDiff } = await import('./history.js');
      for (const line of await showDiff({ configPath: opts.config, from, to, json: Boolean(opts.json), ...(opts.output ? { outputDir: opts.output } : {}) })) io.out(line);
    });

  program
    .command('schedule')
    .description('Chạy liên tục và tự chạy tổng hợp vào một giờ cố định mỗi đêm (không cần cron).')
    .addOption(configOption())
    .addOption(outputOption())
    .option('--at <HH:MM>', 'giờ chạy hằng ngày, ví dụ "02:00"')
    .option('--cron <expression>', 'biểu thức cron thay cho --at (5 trường, hoặc 6 trường có giây ở đầu)')
    .option('--timezone <zone>', 'múi giờ của lịch', DEFAULT_TIMEZONE)
    .option('--max-runs <count>', 'dừng sau số lần chạy này (để thử)', (v) => positiveInt(v, '--max-runs'))
    .addOption(logFormatOption())
    .action(async (opts: { config: string; output?: string; at?: string; cron?: string; timezone: string; maxRuns?: number; logFormat: LogFormat }) => {
      // Runs are child processes writing whole lines: no progress bar to redraw, so text or JSON.
      const mode = resolveLogFormat(opts.logFormat, false);
      const { schedule } = await import('./schedule.js');
      await schedule({
        configPath: opts.config,
        timezone: opts.timezone,
        logFormat: mode === 'json' ? 'json' : 'text',
        log: io.out,
        ...(opts.output ? { outputDir: opts.output } : {}),
        ...(opts.at ? { at: opts.at } : {}),
        ...(opts.cron ? { cron: opts.cron } : {}),
        ...(opts.maxRuns !== undefined ? { maxRuns: opts.maxRuns } : {}),
      });
    });

  const certificates = program
    .command('giay-chung-nhan')
    .description('Giấy chứng nhận (hoặc thư cảm ơn) đã cấp: in lại theo số đã đăng ký.');
  certificates
    .command('in')
    .description('Ghép vào một tệp PDF để in các giấy đã cấp, giữ nguyên số đã đăng ký (không cấp số mới): theo số, theo đơn vị hoặc tất cả.')
    .addOption(configOption())
    .addOption(outputOption())
    .argument('[số...]', 'số giấy, ví dụ 7 12 0031/GCN')
    .option('--unit <id>', 'mọi giấy đang dùng của một đơn vị (mã đơn vị trong cấu hình)')
    .option('--all', 'mọi giấy đang dùng của đợt vận động')
    .option('-f, --file <pdf>', 'tệp PDF sẽ ghi (mặc định: <thư mục kết quả>/in-lai/in-lai-<thời điểm>.pdf)')
    .action(async (numbers: string[], opts: { config: string; output?: string; unit?: string; all?: boolean; file?: string }) => {
      const { reprintCertificates } = await import('../run/reprint-certificates.js');
      const result = await reprintCertificates({
        configPath: opts.config,
        numbers,
        all: Boolean(opts.all),
        ...(opts.unit ? { unit: opts.unit } : {}),
        ...(opts.output ? { outputDir: opts.output } : {}),
        ...(opts.file ? { file: opts.file } : {}),
      });
      io.out(`Đã ghép ${result.numbers.length} giấy (${result.numbers.join(', ')}) vào ${result.pack}`);
    });

  program
    .command('init')
    .description('Tạo thư mục đợt vận động mới: tệp cấu hình có chú thích và một danh sách mẫu.')
    .argument('<dir>', 'thư mục sẽ tạo')
    .action(async (dir: string) => {
      const { initCampaign } = await import('./init.js');
      const files = await initCampaign(dir);
      for (const f of files) io.out(`Đã tạo ${path.join(dir, f)}`);
      io.out(`Tiếp theo: sửa ${path.join(dir, 'campaign.yaml')}, rồi chạy: tonghop run --config ${path.join(dir, 'campaign.yaml')}`);
    });

  // Every command is set up the same way: Vietnamese help and usage errors for subcommands too.
  const setUp = (command: Command): void => {
    command
      .helpOption('-h, --help', 'xem hướng dẫn')
      .exitOverride()
      .configureHelp({ formatHelp: (cmd, helper) => vietnameseHelp(Help.prototype.formatHelp.call(helper, cmd, helper)) })
      .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: () => {}, outputError: () => {} });
    command.commands.forEach(setUp);
  };
  program.commands.forEach(setUp);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** The one place that turns a failure into words on stderr and an exit code. */
function reportFailure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    if (error.exitCode === 0) return EXIT.clean;
    return reportFailure(new UsageError('USAGE', { detail: usageMessage(error) }), io);
  }
  if (error instanceof TonghopError) {
    io.err(`Lỗi [${error.code}]: ${error.message}`);
    if (error.hint) io.err(`Cách xử lý: ${error.hint}`);
    if (error.cause instanceof Error && process.env['TONGHOP_DEBUG']) io.err(String(error.cause.stack));
    return error.exitCode;
  }
  io.err(`Lỗi không lường trước (xin báo cho người quản trị kèm dòng dưới): ${(error as Error)?.stack ?? String(error)}`);
  return EXIT.failure;
}
