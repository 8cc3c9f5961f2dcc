#!/usr/bin/env bash
# Installs what thai-circulars needs on a fresh Debian machine, when missing:
# Tesseract with Thai data, poppler (pdftoppm/pdfinfo), qpdf (used by tests to
# make an encrypted PDF), Thai fonts, and the package itself in .venv.
# Sourced by run-fixtures.sh and test.sh; safe to run again (it skips what is there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_apt=()
command -v tesseract >/dev/null || need_apt+=(tesseract-ocr)
{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx tha; } || need_apt+=(tesseract-ocr-tha)
{ command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx eng; } || need_apt+=(tesseract-ocr-eng)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v qpdf >/dev/null || need_apt+=(qpdf)
[ -d /usr/share/fonts/truetype/tlwg ] || need_apt+=(fonts-thai-tlwg-ttf)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "bootstrap: installing ${need_apt[*]} with apt" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# install only when the project metadata changed since the last install
stamp=.venv/.thai-circulars-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e '.[test]'
    touch "$stamp"
fi
export PYTHAINLP_OFFLINE=1
