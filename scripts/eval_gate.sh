#!/usr/bin/env bash
# The regression gate: the retrieval-only eval on every question (hand-written gold, both splits, and the generated
# silver set), then the full (LLM) eval on a fixed sample drawn from both splits and the silver set
# (evals/gate_sample.txt), each checked against evals/baseline.json with a margin sized to each metric's n
# (evals.runner.sampling_margin, which adds the measured cross-CPU spread). The eval store and the queries are
# embedded with the int8 backend whatever UNSCQA_EMBEDDING_BACKEND says, so the gate does not depend on the backend
# `auto` picks (bf16 on one CPU, int8 on another). fp32 would also be CPU-independent (bench/cross_cpu.py: vectors
# agree to 3e-7 with oneDNN and ATen limited to AVX2) but embeds the corpus 2.4x slower than int8 on 2 cores, over
# 45 minutes; int8 vectors move a little between CPUs, and the gate's margin carries that measured spread.
# The store is cached under a key of what decides its content (evals/store_key.py: the parsing, chunking and
# embedding code and their settings), so a new LLM or engine setting does not rebuild it.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${UNSCQA_SHARED:-../shared}"
if [ ! -d "$SHARED/seeds" ] || [ ! -d "$SHARED/corpus" ]; then
  echo "eval gate: $SHARED/seeds and $SHARED/corpus are needed" >&2
  exit 1
fi
export UNSCQA_EMBEDDING_BACKEND=int8
version=$(.venv/bin/python -m evals.store_key)
store="${UNSCQA_EVAL_STORE:-$HOME/.cache/unscqa/eval-store-int8-$version}"
echo "eval store: $store"
.venv/bin/unscqa eval --data-dir "$store" --ingest "$SHARED/seeds" "$SHARED/corpus" --silver --ids evals/gate_retrieval.txt --check --out out/eval
.venv/bin/unscqa eval --data-dir "$store" --full --silver --ids evals/gate_sample.txt --check --out out/eval-full
