#!/usr/bin/env bash
# The main job on the bundled fixtures: the letters of the shared seeds and the
# rendered scans, OCR'd for real. Records go to out.jsonl (failures, if any,
# to out.failures.jsonl). Installs what is missing first (scripts/bootstrap.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
.venv/bin/circulars process fixtures/seeds/000_e2df889fe838dc62.txt fixtures/seeds/004_ada285b3700ae7d6.txt fixtures/scans -o out.jsonl "$@"
echo "records written to out.jsonl" >&2
