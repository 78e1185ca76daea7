import { describe, expect, it } from 'vitest';
import { consoleReporter, resolveLogFormat } from '../src/cli/progress.js';

describe('console progress and logs', () => {
  it('auto means a redrawn line on a terminal and JSON lines elsewhere; the env or the option can say otherwise', () => {
    expect(resolveLogFormat('auto', true, {})).toBe('tty');
    expect(resolveLogFormat('auto', false, {})).toBe('json');
    expect(resolveLogFormat('auto', false, { TONGHOP_LOG_FORMAT: 'text' })).toBe('text');
    expect(resolveLogFormat('text', true, { TONGHOP_LOG_FORMAT: 'json' })).toBe('text');
  });

  it('JSON mode: one object a line, one line per stage (not per file)', () => {
    const lines: string[] = [];
    const r = consoleReporter('json', (l) => lines.push(l));
    r.stage!('read', 0, 3);
    r.stage!('read', 1, 3);
    r.stage!('read', 2, 3);
    r.log('Lỗi "x"', 'error', { code: 'AMOUNT_INVALID' });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ level: 'info', stage: 'read', event: 'stage' });
    expect(records[1]).toMatchObject({ level: 'error', stage: 'read', msg: 'Lỗi "x"', code: 'AMOUNT_INVALID' });
    expect(typeof records[1]!['time']).toBe('string');
  });

  it('terminal mode: the progress line is redrawn, cleared before each message, and gone at the end', () => {
    let screen = '';
    const lines: string[] = [];
    const stream = { write: (s: string) => ((screen += s), true) } as unknown as NodeJS.WriteStream;
    const r = consoleReporter('tty', (l) => lines.push(l), stream);
    r.stage!('read', 1, 4);
    expect(screen).toContain('2/7 Đọc tệp… [#####...............] 1/4');
    r.log('Cảnh báo');
    expect(lines).toEqual(['Cảnh báo']);
    r.stage!('done');
    r.close();
    expect(screen.endsWith('\r\x1b[2K')).toBe(true);
  });
});
