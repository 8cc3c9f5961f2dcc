#!/usr/bin/env bash
# Runs the test suite (installing what is missing first). Tests marked
# `tesseract` run for real here because bootstrap installs Tesseract.
# pytest's exit code 5 ("no tests collected") is a failure, not a pass.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh || exit 1
set +e
.venv/bin/python -m pytest -q -rs "$@"
code=$?
if [ "$code" -eq 5 ]; then
    echo "test.sh: pytest collected no tests: failing" >&2
    exit 1
fi
exit "$code"
