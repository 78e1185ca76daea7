import { Command, CommanderError } from 'commander';
import path from 'node:path';
import { TonghopError, UsageError } from '../errors.js';
import { runCampaign, type RunResult } from '../run.js';
import { TOOL_VERSION } from '../version.js';
import { initCampaign } from './init.js';

/** Exit codes, documented in the README. */
export const EXIT = { clean: 0, dataIssues: 1, failure: 2 } as const;

export type Io = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: Io = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

function exitFor(result: RunResult): number {
  return result.summary.issueCounts.error + result.summary.issueCounts.warning > 0 ? EXIT.dataIssues : EXIT.clean;
}

/**
 * Runs the command line and returns the exit code. This is the only place that turns failures
 * into messages and exit codes; nothing below it prints fatal errors or exits.
 */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let code: number = EXIT.clean;
  const program = new Command()
    .name('tonghop')
    .description('Tổng hợp danh sách ủng hộ từ bảng tính của các đơn vị thành báo cáo in được.\nConsolidates the units\' spreadsheets into the printed report.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText(
      'after',
      `\nMã thoát / exit codes: ${EXIT.clean} = sạch (clean), ${EXIT.dataIssues} = có lỗi hoặc cảnh báo số liệu (data issues found), ${EXIT.failure} = không chạy được (operational failure).`,
    );

  program
    .command('run')
    .description('Đọc, kiểm tra, tổng hợp và in báo cáo PDF vào thư mục kết quả (output/<lần chạy>, output/latest).')
    .requiredOption('-c, --config <file>', 'tệp cấu hình đợt vận động (campaign.yaml)')
    .option('-o, --output <dir>', 'thư mục kết quả, thay cho mục output trong cấu hình')
    .action(async (opts: { config: string; output?: string }) => {
      const result = await runCampaign({
        configPath: opts.config,
        mode: 'run',
        log: io.out,
        ...(opts.output ? { outputDir: opts.output } : {}),
      });
      code = exitFor(result);
    });

  program
    .command('validate')
    .description('Chỉ đọc và kiểm tra các tệp, in danh sách lỗi; không ghi tệp, không in PDF.')
    .requiredOption('-c, --config <file>', 'tệp cấu hình đợt vận động (campaign.yaml)')
    .action(async (opts: { config: string }) => {
      const result = await runCampaign({ configPath: opts.config, mode: 'validate', log: io.out });
      const t = result.summary.totals;
      io.out(`${t.units.reported}/${t.units.expected} đơn vị đã báo cáo; ${result.summary.issueCounts.error} lỗi, ${result.summary.issueCounts.warning} cảnh báo, ${result.summary.issueCounts.info} thông tin.`);
      code = exitFor(result);
    });

  program
    .command('init')
    .description('Tạo thư mục đợt vận động mới: tệp cấu hình có chú thích và một danh sách mẫu.')
    .argument('<dir>', 'thư mục sẽ tạo')
    .action(async (dir: string) => {
      const files = await initCampaign(dir);
      for (const f of files) io.out(`Đã tạo ${path.join(dir, f)}`);
      io.out(`Tiếp theo: sửa ${path.join(dir, 'campaign.yaml')}, rồi chạy: npx tonghop run --config ${path.join(dir, 'campaign.yaml')}`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.clean : EXIT.failure;
    }
    if (error instanceof UsageError) {
      io.err(`Lỗi: ${error.message}`);
      return EXIT.failure;
    }
    if (error instanceof TonghopError) {
      io.err(`Lỗi (${error.code}): ${error.message}`);
      if (error.cause instanceof Error && process.env.TONGHOP_DEBUG) io.err(String(error.cause.stack));
      return EXIT.failure;
    }
    io.err(`Lỗi không lường trước: ${(error as Error)?.stack ?? String(error)}`);
    return EXIT.failure;
  }
}
