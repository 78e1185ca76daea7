import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { FIXTURES } from './intake.js';

/** A private copy of the demo campaign (files can be changed between runs); returns its config. */
export function copyDemo(prefix: string): { dir: string; config: string; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(FIXTURES, 'an-lao-2023'), path.join(dir, 'campaign'), { recursive: true });
  return { dir, config: path.join(dir, 'campaign', 'campaign.yaml'), output: path.join(dir, 'out') };
}

/** Adds `delta` đồng to one numeric cell of a workbook, as a staff member editing it in Excel would. */
export async function addToCell(file: string, sheet: string, cell: string, delta: number): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const target = workbook.getWorksheet(sheet)!.getCell(cell);
  if (typeof target.value !== 'number') throw new Error(`${file} ${sheet}!${cell} is not a number: ${JSON.stringify(target.value)}`);
  target.value = target.value + delta;
  await workbook.xlsx.writeFile(file);
  return target.value;
}
