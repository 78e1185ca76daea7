/**
 * Google file ids and the web addresses built from them. Pure: no network, no googleapis import,
 * so the config schema can use it.
 */

/** Drive ids are URL-safe base64-ish; real ones are 25–44 characters, "root"-like aliases are not accepted. */
const ID = /^[A-Za-z0-9_-]{10,100}$/;

/**
 * Takes what staff paste into the config — a bare id or any Sheets/Drive address — and returns the
 * file or folder id, or undefined when none can be found.
 */
export function parseGoogleId(text: string): string | undefined {
  const value = text.trim();
  if (ID.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!/(^|\.)google\.com$/.test(url.hostname)) return undefined;
  // /spreadsheets/d/<id>/edit, /file/d/<id>/view, /drive/folders/<id>, /drive/u/0/folders/<id>
  const inPath = /\/(?:d|folders)\/([A-Za-z0-9_-]{10,100})(?:[/?#]|$)/.exec(url.pathname + '/');
  if (inPath) return inPath[1];
  // open?id=<id>, uc?id=<id>
  const param = url.searchParams.get('id');
  return param && ID.test(param) ? param : undefined;
}

/** Stable display path of a Google Sheets spreadsheet: its web address. */
export function spreadsheetUrl(id: string): string {
  return `https://docs.google.com/spreadsheets/d/${id}`;
}

/** Stable display path of a file uploaded to Drive (.xlsx, .csv). */
export function driveFileUrl(id: string): string {
  return `https://drive.google.com/file/d/${id}`;
}

export function driveFolderUrl(id: string): string {
  return `https://drive.google.com/drive/folders/${id}`;
}
