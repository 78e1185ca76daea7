/**
 * The `docx` library, loaded through its CommonJS build with the few shapes used here typed
 * locally: its type declarations use extensionless relative imports inside a "type": "module"
 * package, which `moduleResolution: nodenext` cannot follow.
 */
import { createRequire } from 'node:module';

/** Any docx element (paragraph, table, run …): built here, only handed back to the library. */
export type DocxNode = { readonly __docxNode?: never };
type Options = Record<string, unknown>;
type Ctor = new (options: Options) => DocxNode;

type DocxLib = {
  Document: Ctor;
  Header: Ctor;
  Paragraph: Ctor;
  Table: Ctor;
  TableCell: Ctor;
  TableRow: Ctor;
  TextRun: Ctor;
  Packer: { toBuffer(doc: DocxNode): Promise<Buffer> };
  AlignmentType: Record<'LEFT' | 'CENTER' | 'RIGHT' | 'JUSTIFIED', string>;
  BorderStyle: Record<'NONE' | 'SINGLE', string>;
  PageNumber: Record<'CURRENT' | 'TOTAL_PAGES', string>;
  PageOrientation: Record<'PORTRAIT' | 'LANDSCAPE', string>;
  TableLayoutType: Record<'FIXED' | 'AUTOFIT', string>;
  VerticalAlign: Record<'TOP' | 'CENTER' | 'BOTTOM', string>;
  WidthType: Record<'PERCENTAGE' | 'DXA' | 'AUTO', string>;
  convertMillimetersToTwip(mm: number): number;
};

export const docx = createRequire(import.meta.url)('docx') as DocxLib;
