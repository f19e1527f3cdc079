#!/usr/bin/env bash
# The regression gate: the retrieval-only eval on every question (hand-written gold, both splits, and the generated
# silver set), then the full (LLM) eval on a fixed sample drawn from both splits and the silver set
# (evals/gate_sample.txt), each checked against evals/baseline.json with a margin sized to each metric's n
# (evals.runner.sampling_margin). The eval store and the queries are embedded with the fp32 backend whatever the
# CPU or UNSCQA_EMBEDDING_BACKEND say: measured with bench/cross_cpu.py on 150 questions x 150 paragraphs, with
# oneDNN and ATen limited to AVX2 against this AVX-512 CPU, int8 vectors moved (cosine down to 0.9949) and the first
# paragraph changed for 11 % of the questions, while fp32 vectors agreed to 3e-7 and every ranking was the same.
# The store is cached per version of the ingestion code.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${UNSCQA_SHARED:-../shared}"
if [ ! -d "$SHARED/seeds" ] || [ ! -d "$SHARED/corpus" ]; then
  echo "eval gate: $SHARED/seeds and $SHARED/corpus are needed" >&2
  exit 1
fi
export UNSCQA_EMBEDDING_BACKEND=fp32
version=$(cat ingest/*.py unscqa/settings.py | sha1sum | cut -c1-12)
store="${UNSCQA_EVAL_STORE:-$HOME/.cache/unscqa/eval-store-fp32-$version}"
echo "eval store: $store"
.venv/bin/unscqa eval --data-dir "$store" --ingest "$SHARED/seeds" "$SHARED/corpus" --silver --ids evals/gate_retrieval.txt --check --out out/eval
.venv/bin/unscqa eval --data-dir "$store" --full --silver --ids evals/gate_sample.txt --check --out out/eval-full
