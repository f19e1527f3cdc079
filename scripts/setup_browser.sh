#!/usr/bin/env bash
# Browser for the UI test (tests/test_ui_browser.py): Debian's chromium + chromium-driver (plus fonts-noto-cjk when
# no Chinese font is installed, so screenshots show Chinese text instead of empty boxes), and the playwright Python
# package driving that chromium (executable_path=/usr/bin/chromium; `playwright install` is never run, so nothing
# is downloaded from the Playwright CDN). Idempotent: under a second when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PLAYWRIGHT_VERSION=1.65.2
PACKAGES=()
[ -x /usr/bin/chromium ] || PACKAGES+=(chromium chromium-driver)
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
    PACKAGES+=(fonts-noto-cjk)
fi
if [ ${#PACKAGES[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "error: installing ${PACKAGES[*]} needs root (or sudo)" >&2; exit 1; }
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
fi
if [ ! -x .venv/bin/python ]; then
    echo "error: no .venv here: run scripts/setup.sh first" >&2
    exit 1
fi
installed=$(.venv/bin/python -c 'import importlib.metadata as m; print(m.version("playwright"))' 2>/dev/null || true)
if [ "$installed" != "$PLAYWRIGHT_VERSION" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check "playwright==$PLAYWRIGHT_VERSION"
fi
/usr/bin/chromium --version 2>/dev/null || echo "chromium at /usr/bin/chromium"
echo "playwright $PLAYWRIGHT_VERSION (driving /usr/bin/chromium)"
