/**
 * A small pull tokenizer over UTF-8 XML bytes, for the fast .xlsx reader (xlsx-fast.ts). It is
 * deliberately strict: it reads only what a well-formed SpreadsheetML part looks like, and throws
 * FastPathUnsupported on anything else (a DOCTYPE, a misplaced XML declaration, an undefined
 * entity, a control character, unbalanced tags …), so the caller can hand the whole workbook to
 * exceljs, whose saxes parser then decides exactly as it always did.
 *
 * It works on one buffer at a time and can be resumed: `next()` returns MORE when the buffer ends
 * inside a token, and the caller feeds the rest of the part (from `tokenStart`) with the next chunk.
 */

/** The fast reader cannot read this package the way exceljs would; the caller falls back to exceljs. */
export class FastPathUnsupported extends Error {
  override readonly name = 'FastPathUnsupported';
}

export function unsupported(reason: string): never {
  throw new FastPathUnsupported(reason);
}

export const OPEN = 1;
export const CLOSE = 2;
export const TEXT = 3;
export const CDATA = 4;
export const END = 5;
export const MORE = 6;
type TokenKind = typeof OPEN | typeof CLOSE | typeof TEXT | typeof CDATA | typeof END | typeof MORE;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;
const AMP = 0x26;
const COLON = 0x3a;
const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;

/** Text flags, from `textFlags`. */
const HAS_AMP = 1;
const HAS_CR = 2;
const NON_ASCII = 4;
/** Attribute value flags. */
const ATTR_AMP = 1;
const ATTR_WS = 2;
const ATTR_NON_ASCII = 4;

function isSpace(b: number): boolean {
  return b === SPACE || b === LF || b === TAB || b === CR;
}

/** 1: may start a name; 2: may continue one. Bytes ≥ 0x80 (UTF-8 of non-ASCII letters) are accepted. */
const NAME_BYTE = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const letter = (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === COLON || b >= 0x80;
  const more = letter || (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2e;
  NAME_BYTE[b] = letter ? 3 : more ? 2 : 0;
}

/** A name's bytes hashed with its length: open and close tags are matched on it. */
function hashName(buf: Uint8Array, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + buf[i]!) | 0;
  return h;
}

const ENTITY_NAMES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(c: number): boolean {
  return (c >= 0x20 && c <= 0xd7ff) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Expands the five XML entities and character references as saxes does; anything else is refused. */
function expandEntities(text: string): string {
  return text.replace(/&([^;&]*);|&/g, (all, name: string | undefined) => {
    if (name === undefined) unsupported('a bare & in text');
    const named = ENTITY_NAMES[name];
    if (named !== undefined) return named;
    let code = Number.NaN;
    if (/^#x[0-9a-f]+$/i.test(name) && name[1] === 'x') code = parseInt(name.slice(2), 16);
    else if (/^#[0-9]+$/.test(name)) code = parseInt(name.slice(1), 10);
    if (!isXmlChar(code)) unsupported(`entity &${name.slice(0, 20)};`);
    return String.fromCodePoint(code);
  });
}

/** XML main namespace declared with a prefix (`xmlns:x="…/spreadsheetml/2006/main"`): exceljs sees it stripped. */
const MAIN_NAMESPACE_PREFIX = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main["']/;
const XML_DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

/** What a part's first bytes say: its main-namespace prefix, if any. */
export function mainPrefixOf(head: Buffer): string | undefined {
  return MAIN_NAMESPACE_PREFIX.exec(head.toString('latin1', 0, Math.min(head.length, 4096)))?.[1];
}

export class XmlTokens {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  final = false;
  /** The main namespace's prefix and colon (`x:`), dropped from element names as normalizePart does. */
  private readonly prefix: Uint8Array | undefined;

  // The current token.
  tokenStart = 0;
  nameStart = 0;
  nameEnd = 0;
  selfClosing = false;
  textStart = 0;
  textEnd = 0;
  /** For an OPEN token: where its `>` is. */
  tagEnd = 0;
  attrCount = 0;
  attrNameStart = new Int32Array(16);
  attrNameEnd = new Int32Array(16);
  attrValueStart = new Int32Array(16);
  attrValueEnd = new Int32Array(16);
  attrFlags = new Uint8Array(16);

  private stack = new Int32Array(64);
  depth = 0;
  private rootClosed = false;
  private atDocumentStart = true;

  constructor(mainPrefix: string | undefined) {
    this.prefix = mainPrefix ? Buffer.from(`${mainPrefix}:`, 'latin1') : undefined;
  }

  /** Continues over a new buffer (the unread tail of the previous one followed by new bytes). */
  reset(buf: Buffer, final: boolean): void {
    this.buf = buf;
    this.pos = 0;
    this.final = final;
  }

  private more(start: number): typeof MORE {
    if (this.final) unsupported('the part ends inside a tag or text');
    this.pos = start;
    this.tokenStart = start;
    return MORE;
  }

  next(): TokenKind {
    const buf = this.buf;
    const len = buf.length;
    for (;;) {
      const start = this.pos;
      this.tokenStart = start;
      if (start >= len) {
        if (!this.final) return MORE;
        if (!this.rootClosed) unsupported('the part ends before its root element closes');
        return END;
      }
      if (buf[start] !== LT) {
        // Most text is a few bytes (a cell value, indentation): a loop beats a native call.
        let lt = start + 1;
        const limit = start + 64 < len ? start + 64 : len;
        while (lt < limit && buf[lt] !== LT) lt++;
        if (lt >= limit) lt = lt < len ? buf.indexOf(LT, lt) : -1;
        if (lt < 0) {
          if (!this.final) return this.more(start);
          lt = len;
        }
        this.pos = lt;
        this.atDocumentStart = false;
        if (this.depth === 0) {
          for (let i = start; i < lt; i++) if (!isSpace(buf[i]!)) unsupported('text outside the root element');
          continue;
        }
        this.textStart = start;
        this.textEnd = lt;
        return TEXT;
      }
      if (start + 1 >= len) return this.more(start);
      const second = buf[start + 1]!;
      if (second === SLASH) return this.closeTag(start);
      if (second === QUESTION) {
        const end = buf.indexOf('?>', start + 2, 'latin1');
        if (end < 0) return this.more(start);
        // The target: a name, then whitespace or the end.
        let k = start + 2;
        if (k >= end || (NAME_BYTE[buf[k]!]! & 1) === 0) unsupported('a malformed processing instruction');
        while (k < end && NAME_BYTE[buf[k]!]! !== 0) k++;
        if (k < end && !isSpace(buf[k]!)) unsupported('a malformed processing instruction');
        const isXmlDecl = buf.toString('latin1', start + 2, k).toLowerCase() === 'xml';
        if (isXmlDecl && (!this.atDocumentStart || !XML_DECLARATION.test(buf.toString('latin1', start, end + 2)))) {
          unsupported('an XML declaration exceljs would refuse');
        }
        this.atDocumentStart = false;
        this.pos = end + 2;
        continue;
      }
      this.atDocumentStart = false;
      if (second === BANG) {
        if (len - start < 9 && !this.final) return this.more(start);
        if (buf[start + 2] === 0x2d && buf[start + 3] === 0x2d) {
          const end = buf.indexOf('-->', start + 4, 'latin1');
          if (end < 0) return this.more(start);
          this.pos = end + 3;
          continue;
        }
        if (buf.toString('latin1', start, start + 9) === '<![CDATA[') {
          const end = buf.indexOf(']]>', start + 9, 'latin1');
          if (end < 0) return this.more(start);
          if (this.depth === 0) unsupported('CDATA outside the root element');
          this.textStart = start + 9;
          this.textEnd = end;
          this.pos = end + 3;
          return CDATA;
        }
        unsupported('a DOCTYPE or other declaration');
      }
      return this.openTag(start);
    }
  }

  /** Reads a name at `at`; returns its end, or -1 when the buffer ends inside it. */
  private readName(at: number): number {
    const buf = this.buf;
    if (at >= buf.length) return -1;
    if ((NAME_BYTE[buf[at]!]! & 1) === 0) unsupported('a malformed tag or attribute name');
    let i = at + 1;
    while (i < buf.length && NAME_BYTE[buf[i]!]! !== 0) i++;
    if (i >= buf.length) return -1;
    return i;
  }

  /** Drops the main-namespace prefix from the element name just read, as normalizePart does. */
  private stripPrefix(): void {
    const prefix = this.prefix;
    if (!prefix) return;
    const buf = this.buf;
    const start = this.nameStart;
    if (this.nameEnd - start <= prefix.length) return;
    for (let k = 0; k < prefix.length; k++) if (buf[start + k] !== prefix[k]) return;
    this.nameStart = start + prefix.length;
  }

  private closeTag(start: number): TokenKind {
    const buf = this.buf;
    const nameEnd = this.readName(start + 2);
    if (nameEnd < 0) return this.more(start);
    this.nameStart = start + 2;
    this.nameEnd = nameEnd;
    this.stripPrefix();
    let i = nameEnd;
    while (i < buf.length && isSpace(buf[i]!)) i++;
    if (i >= buf.length) return this.more(start);
    if (buf[i] !== GT) unsupported('a malformed closing tag');
    const hash = hashName(buf, this.nameStart, this.nameEnd);
    if (this.depth === 0 || this.stack[this.depth - 1] !== hash) unsupported('unbalanced tags');
    this.depth--;
    if (this.depth === 0) this.rootClosed = true;
    this.pos = i + 1;
    return CLOSE;
  }

  private openTag(start: number): TokenKind {
    const buf = this.buf;
    const len = buf.length;
    const nameEnd = this.readName(start + 1);
    if (nameEnd < 0) return this.more(start);
    this.nameStart = start + 1;
    this.nameEnd = nameEnd;
    let i = nameEnd;
    let count = 0;
    for (;;) {
      const wsStart = i;
      while (i < len && isSpace(buf[i]!)) i++;
      if (i >= len) return this.more(start);
      const b = buf[i]!;
      if (b === GT) {
        this.selfClosing = false;
        break;
      }
      if (b === SLASH) {
        if (i + 1 >= len) return this.more(start);
        if (buf[i + 1] !== GT) unsupported('a malformed tag');
        this.selfClosing = true;
        i++;
        break;
      }
      if (i === wsStart) unsupported('attributes without whitespace between them');
      const attrNameEnd = this.readName(i);
      if (attrNameEnd < 0) return this.more(start);
      let j = attrNameEnd;
      while (j < len && isSpace(buf[j]!)) j++;
      if (j >= len) return this.more(start);
      if (buf[j] !== EQUALS) unsupported('an attribute without a value');
      j++;
      while (j < len && isSpace(buf[j]!)) j++;
      if (j >= len) return this.more(start);
      const quote = buf[j]!;
      if (quote !== QUOTE && quote !== APOS) unsupported('an unquoted attribute value');
      let valueEnd = j + 1;
      let flags = 0;
      for (;; valueEnd++) {
        if (valueEnd >= len) return this.more(start);
        const c = buf[valueEnd]!;
        if (c === quote) break;
        if (c < SPACE) {
          if (c === TAB || c === LF || c === CR) flags |= ATTR_WS;
          else unsupported('a control character in an attribute');
        } else if (c === AMP) flags |= ATTR_AMP;
        else if (c === LT) unsupported('< in an attribute value');
        else if (c >= 0x80) flags |= ATTR_NON_ASCII;
      }
      // saxes refuses a repeated attribute.
      for (let a = 0; a < count; a++) {
        const other = this.attrNameStart[a]!;
        if (this.attrNameEnd[a]! - other === attrNameEnd - i && buf.compare(buf, i, attrNameEnd, other, other + (attrNameEnd - i)) === 0) {
          unsupported('a repeated attribute');
        }
      }
      if (count === this.attrNameStart.length) this.growAttributes();
      this.attrNameStart[count] = i;
      this.attrNameEnd[count] = attrNameEnd;
      this.attrValueStart[count] = j + 1;
      this.attrValueEnd[count] = valueEnd;
      this.attrFlags[count] = flags;
      count++;
      i = valueEnd + 1;
    }
    this.attrCount = count;
    this.tagEnd = i;
    this.stripPrefix();
    if (this.rootClosed) unsupported('a second root element');
    if (!this.selfClosing) {
      if (this.depth === this.stack.length) {
        const bigger = new Int32Array(this.stack.length * 2);
        bigger.set(this.stack);
        this.stack = bigger;
      }
      this.stack[this.depth++] = hashName(buf, this.nameStart, this.nameEnd);
    } else if (this.depth === 0) {
      this.rootClosed = true;
    }
    this.pos = i + 1;
    return OPEN;
  }

  private growAttributes(): void {
    const n = this.attrNameStart.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.attrNameStart = grow(this.attrNameStart, (k) => new Int32Array(k));
    this.attrNameEnd = grow(this.attrNameEnd, (k) => new Int32Array(k));
    this.attrValueStart = grow(this.attrValueStart, (k) => new Int32Array(k));
    this.attrValueEnd = grow(this.attrValueEnd, (k) => new Int32Array(k));
    this.attrFlags = grow(this.attrFlags, (k) => new Uint8Array(k));
  }

  /** Whether the current element's name is `name` (ASCII). */
  nameIs(name: Uint8Array): boolean {
    const start = this.nameStart;
    if (this.nameEnd - start !== name.length) return false;
    const buf = this.buf;
    for (let k = 0; k < name.length; k++) if (buf[start + k] !== name[k]) return false;
    return true;
  }

  /** The current element's name, as exceljs sees it (main prefix dropped). */
  name(): string {
    return this.buf.toString('utf8', this.nameStart, this.nameEnd);
  }

  /** Index of the attribute named `name` (literal, prefix included), or -1. */
  attr(name: Uint8Array): number {
    const buf = this.buf;
    outer: for (let a = 0; a < this.attrCount; a++) {
      const start = this.attrNameStart[a]!;
      if (this.attrNameEnd[a]! - start !== name.length) continue;
      for (let k = 0; k < name.length; k++) if (buf[start + k] !== name[k]) continue outer;
      return a;
    }
    return -1;
  }

  /** An attribute's value as saxes gives it: entities expanded, tabs and line ends as spaces. */
  attrValue(a: number): string {
    const flags = this.attrFlags[a]!;
    const start = this.attrValueStart[a]!;
    const end = this.attrValueEnd[a]!;
    if (flags === 0) return this.buf.toString('latin1', start, end);
    let text = this.buf.toString('utf8', start, end);
    if (flags & ATTR_WS) text = text.replace(/\r\n|[\r\n\t]/g, ' ');
    if (flags & ATTR_AMP) text = expandEntities(text);
    return text;
  }

  /** The attribute's value when it is plain ASCII digits (no sign), else -1. */
  attrDigits(a: number): number {
    const buf = this.buf;
    const start = this.attrValueStart[a]!;
    const end = this.attrValueEnd[a]!;
    if (end === start || end - start > 15) return -1;
    let n = 0;
    for (let k = start; k < end; k++) {
      const d = buf[k]! - 0x30;
      if (d < 0 || d > 9) return -1;
      n = n * 10 + d;
    }
    return n;
  }

  /** Flags of a text range; refuses what saxes refuses (control characters, `]]>`). */
  textFlags(start: number, end: number): number {
    const buf = this.buf;
    let flags = 0;
    for (let k = start; k < end; k++) {
      const c = buf[k]!;
      if (c < SPACE) {
        if (c === CR) flags |= HAS_CR;
        else if (c !== LF && c !== TAB) unsupported('a control character in text');
      } else if (c === AMP) flags |= HAS_AMP;
      else if (c >= 0x80) flags |= NON_ASCII;
      else if (c === GT && k >= start + 2 && buf[k - 1] === 0x5d && buf[k - 2] === 0x5d) unsupported(']]> in text');
    }
    return flags;
  }

  /** Text as saxes gives it: line ends normalised, then entities expanded. */
  text(start: number, end: number, flags: number): string {
    if ((flags & (HAS_AMP | HAS_CR)) === 0) return this.buf.toString(flags & NON_ASCII ? 'utf8' : 'latin1', start, end);
    let text = this.buf.toString('utf8', start, end);
    if (flags & HAS_CR) text = text.replace(/\r\n?/g, '\n');
    if (flags & HAS_AMP) text = expandEntities(text);
    return text;
  }

  /** Checks a text range that is skipped: exceljs's parser would still refuse a bad one. */
  checkSkippedText(start: number, end: number): void {
    if (this.textFlags(start, end) & HAS_AMP) this.text(start, end, HAS_AMP);
  }

  /** Checks the attributes of a skipped tag (entities must be defined). */
  checkSkippedAttributes(): void {
    for (let a = 0; a < this.attrCount; a++) if (this.attrFlags[a]! & ATTR_AMP) this.attrValue(a);
  }
}

export const bytesOf = (text: string): Uint8Array => Buffer.from(text, 'latin1');
