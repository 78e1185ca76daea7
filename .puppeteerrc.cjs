// Skip Puppeteer's browser download when a system Chromium/Chrome is already installed
// (machines without internet, CI); elsewhere (an office PC) the normal download still runs.
const fs = require('node:fs');

const candidates = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);

const systemBrowser = candidates.find((file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** @type {import('puppeteer').Configuration} */
module.exports = {
  skipDownload: Boolean(systemBrowser),
};
