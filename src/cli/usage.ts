/**
 * commander speaks English; clerks read Vietnamese. Its usage errors are reworded from their
 * codes, and the headings of its help text are translated.
 */
import type { CommanderError } from 'commander';

/** The option, argument or command a commander message names in quotes. */
function quoted(message: string): string {
  return /'([^']+)'/.exec(message)?.[1] ?? '';
}

export function usageMessage(error: CommanderError): string {
  const name = quoted(error.message);
  switch (error.code) {
    case 'commander.unknownOption':
      return `Không có tuỳ chọn ${name}.`;
    case 'commander.unknownCommand':
      return `Không có lệnh "${name}". Các lệnh: run, validate, history, diff, schedule, init.`;
    case 'commander.missingArgument':
      return `Thiếu tham số ${name}.`;
    case 'commander.optionMissingArgument':
      return `Tuỳ chọn ${name} cần một giá trị.`;
    case 'commander.missingMandatoryOptionValue':
      return `Thiếu tuỳ chọn bắt buộc ${name}.`;
    case 'commander.excessArguments':
      return 'Thừa tham số.';
    case 'commander.invalidArgument': {
      const allowed = /Allowed choices are (.+)\.$/.exec(error.message)?.[1];
      return allowed ? `Giá trị không hợp lệ; chỉ nhận: ${allowed}.` : `Giá trị không hợp lệ: ${error.message.replace(/^error: /, '')}`;
    }
    default:
      return error.message.replace(/^error: /, '');
  }
}

const HEADINGS: [RegExp, string][] = [
  [/^Usage:/m, 'Cách dùng:'],
  [/^Options:/m, 'Tuỳ chọn:'],
  [/^Commands:/m, 'Lệnh:'],
  [/^Arguments:/m, 'Tham số:'],
  [/\(default: /g, '(mặc định: '],
  [/, default: /g, ', mặc định: '],
  [/\(choices: /g, '(chọn một: '],
  [/\[options\]/g, '[tuỳ chọn]'],
  [/\[command\]/g, '[lệnh]'],
];

export function vietnameseHelp(text: string): string {
  return HEADINGS.reduce((out, [pattern, words]) => out.replace(pattern, words), text);
}
