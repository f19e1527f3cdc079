#!/usr/bin/env bash
# Set up (with llama.cpp's llama-server for the team deployment), then run lint, type checks, the whole test suite
# (slow tests with the real models included), the team smoke test (Chroma server, Ray, LLM server, login:
# scripts/team_smoke.sh) and the eval gate.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup_llm_server.sh   # llama.cpp's llama-server for the team smoke and its test
bash scripts/setup_browser.sh
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
bash scripts/team_smoke.sh
bash scripts/eval_gate.sh
