#!/usr/bin/env bash
# Debian packages vnarchive needs, installed only when missing (idempotent).
# Run as root (as in CI); as another user it says what is missing and how to install it.
# Extend PACKAGES below: one package a line, with why.
set -euo pipefail

PACKAGES=(
  poppler-utils        # pdftotext (PDF text layer), pdftoppm (pages rendered for OCR)
  tesseract-ocr        # OCR of scanned PDFs
  tesseract-ocr-vie    # Tesseract's Vietnamese model
  antiword             # Word 97-2003 .doc
  catdoc               # .doc files antiword gives up on
  unar                 # .rar and .7z archives of documents
  fonts-dejavu-core    # Vietnamese glyphs for the sandbox's generated PDFs and scans
  postgresql           # the PostgreSQL backend, started by the tests and benchmarks
  redis-server         # crawl workers' shared frontier and job queue, started by the tests
  chromium             # the web app's browser tests (Playwright drives it; no browser download)
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all ${#PACKAGES[@]} present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages missing: ${missing[*]}" >&2
  echo "install them as root: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "system packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
