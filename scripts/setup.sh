#!/usr/bin/env bash
# One-time set-up on a fresh machine: system packages when missing (Debian/Ubuntu), then npm packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

have() { command -v "$1" >/dev/null 2>&1; }

missing=()
# A browser for printing PDFs. With none, `npm install` lets Puppeteer download its own Chrome.
if ! have chromium && ! have chromium-browser && ! have google-chrome && ! have google-chrome-stable \
   && [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ]; then
  missing+=(chromium)
fi
# Chromium's headless shell prints the same PDFs about a third faster (no print-compositor process);
# Debian ships it beside chromium. Where the distribution has no such package, chromium prints.
if [ ! -x /usr/lib/chromium/chromium-headless-shell ] && have apt-cache \
   && apt-cache show chromium-headless-shell >/dev/null 2>&1; then
  missing+=(chromium-headless-shell)
fi
have pdftotext || missing+=(poppler-utils)                    # tests read the PDFs back
have qpdf || missing+=(qpdf)                                  # splits the certificate print pack
have soffice || have libreoffice || missing+=(libreoffice-calc-nogui)  # converts .xls/.ods
# Tests open the .docx copies of the report and letters in LibreOffice Writer.
[ -e /usr/lib/libreoffice/program/libswlo.so ] || ! have apt-get || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi . || missing+=(fontconfig)
# The .docx copies are set in Times New Roman; where it is absent LibreOffice takes its metric twin
# through fontconfig (Tinos, the PDFs' font) instead of falling back to DejaVu Serif.
fc-list 2>/dev/null | grep -qiE 'Tinos|Liberation Serif|Times New Roman' || ! have apt-get || missing+=(fonts-croscore)
have sqlite3 || missing+=(sqlite3)                            # docs/van-hanh.md backs the store up with it

if [ ${#missing[@]} -gt 0 ]; then
  if have apt-get; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if have sudo; then SUDO="sudo"; else
        echo "Cần cài (need): ${missing[*]} — chạy với quyền root / run as root." >&2; exit 2
      fi
    fi
    echo "Cài gói hệ thống (installing): ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Không có apt-get; hãy tự cài nếu cần (install yourself if needed): ${missing[*]}" >&2
    echo "Puppeteer sẽ tự tải Chrome khi npm install (Puppeteer downloads Chrome during npm install)." >&2
  fi
fi

# npm packages, exactly as pinned by package-lock.json: installed when node_modules is missing or
# older than the lock file. `npm ci` never writes package-lock.json, so the checkout stays clean and
# the next `git pull` cannot conflict. (`npm install` used to rewrite the lock: it was made while the
# registry lacked vite 8.4.0's optional Windows package napi-windows-process-start-time, so the lock
# had no entry for it, `npm ci` refused the lock as out of sync and `npm install` added the entry.
# The lock now has it; test/install.test.ts checks the lock stays in sync with package.json.)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
