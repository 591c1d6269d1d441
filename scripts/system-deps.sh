#!/usr/bin/env bash
# Install the Debian packages munidocs features need, only when missing.
# Listed here so that `make run` / `make test` set up a fresh machine with no manual step.
set -euo pipefail
# chromium + chromium-driver: headless browser tests of the report and the web view;
# tesseract-ocr + -dan + -osd: OCR of scanned pages (Danish data; osd turns sideways pages upright;
# tesseract-ocr depends on it already, listed because extractors/reading/ocr.py uses it).
PACKAGES=(chromium chromium-driver tesseract-ocr tesseract-ocr-dan tesseract-ocr-osd)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
