#!/usr/bin/env bash
# Install the Debian packages munidocs features need, only when missing.
# Listed here so that `make run` / `make test` set up a fresh machine with no manual step.
set -euo pipefail
PACKAGES=()  # e.g. tesseract-ocr tesseract-ocr-dan chromium, as features arrive
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
