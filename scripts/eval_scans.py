"""Per-field results of the pipeline on the rendered scan fixtures, and its
speed against Tesseract alone on the same pages.

    python scripts/eval_scans.py [--lang tha+eng] [--records out.jsonl]

For every expected record in fixtures/scans/*.expected.json it compares each
field with what ``circulars process`` produced and prints, per field, how many
documents match exactly; fields are split into those that hold a Thai digit in
the expected record (the digit issue's target) and those that hold none (which
must match today). Then it times the whole pipeline and Tesseract alone
(``tesseract page.pgm`` with the engine's settings, pages rasterised
beforehand) per page.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCANS = REPO / "fixtures" / "scans"
FIELDS = (
    "doc_type", "urgency", "letter_number", "date", "subject", "sender", "recipients",
    "references", "attachments", "signatory", "contact", "receipts",
)
THAI_DIGITS = set("๐๑๒๓๔๕๖๗๘๙")


def printed_in_thai_digits(record: dict) -> bool:
    raws = [(record.get("letter_number") or {}).get("raw", ""), (record.get("date") or {}).get("raw", "")]
    return any(ch in THAI_DIGITS for ch in "".join(raws))


def leaves(value, path: str):
    """(path, value) of every leaf: attachments[1].title, contact.phone, ..."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def compare(expected: list[dict], got: list[dict]) -> list[tuple[str, str, bool, bool]]:
    """(document, field path, printed with a Thai digit, matches) for every
    leaf of every expected field. A leaf holds a Thai digit when it holds a
    digit and the document prints its digits in Thai numerals."""
    rows = []
    letters = [r for r in got if r["doc_type"] != "other"]
    for i, exp in enumerate(expected):
        ours = letters[i] if i < len(letters) else {}
        name = f"{Path(exp['source']['path']).stem}#{i + 1}"
        thai = printed_in_thai_digits(exp)
        mine = dict(leaves({f: ours.get(f) for f in FIELDS}, ""))
        for path, want in leaves({f: exp.get(f) for f in FIELDS}, ""):
            have = mine.get(path)
            if path == ".subject" and want and have:
                same = "".join(want.split()) == "".join(have.split())
            else:
                same = want == have
            digit = thai and any(ch.isdigit() for ch in json.dumps(want, ensure_ascii=False))
            rows.append((name, path.lstrip("."), digit, same))
    return rows


def field_of(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="tha")
    parser.add_argument("--records", type=Path, help="write the records here too")
    args = parser.parse_args()
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pipeline.api import OcrOptions, process_file

    pdfs = sorted(SCANS.glob("*.pdf"))
    all_rows, pages, started = [], 0, time.monotonic()
    records_out = []
    for pdf in pdfs:
        records = [r.model_dump(mode="json") for r in process_file(pdf, OcrOptions(lang=args.lang))]
        records_out += records
        pages += len({p for r in records for p in r["source"]["pages"]})
        expected = json.loads((SCANS / f"{pdf.stem}.expected.json").read_text(encoding="utf-8"))
        all_rows += compare(expected, records)
    pipeline_seconds = time.monotonic() - started
    if args.records:
        args.records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records_out), encoding="utf-8")

    print(f"{'field':<14} {'no Thai digit':>14} {'with Thai digit':>16}   (leaf values matching exactly)")
    for field in FIELDS:
        plain = [ok for _, f, digit, ok in all_rows if field_of(f) == field and not digit]
        digit = [ok for _, f, digit, ok in all_rows if field_of(f) == field and digit]
        cell = lambda oks: f"{sum(oks)}/{len(oks)}" if oks else "-"  # noqa: E731
        print(f"{field:<14} {cell(plain):>14} {cell(digit):>16}")
    plain = [ok for *_, digit, ok in all_rows if not digit]
    print(f"{'all':<14} {sum(plain)}/{len(plain):<12} {sum(ok for *_, d, ok in all_rows if d)}/{sum(1 for *_, d, _ in all_rows if d)}")
    for name, field, digit, ok in all_rows:
        if not ok:
            print(f"  mismatch ({'with' if digit else 'no'} Thai digit): {name} {field}")

    with tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), f"{tmp}/{pdf.stem}"], check=True)
        images = sorted(Path(tmp).glob("*.pgm"))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        started = time.monotonic()
        for image in images:  # the engine's settings: TSV (boxes) and text in one run
            subprocess.run(["tesseract", str(image), str(image.with_suffix("")), "-l", args.lang, "--psm", "4", "--dpi", "300",
                            "-c", "preserve_interword_spaces=1", "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=1"],
                           env=env, check=True, capture_output=True)
        tesseract_seconds = time.monotonic() - started
    print(f"\npages: {pages}; process: {pipeline_seconds / pages:.2f} s/page; "
          f"tesseract alone (pages already rasterised): {tesseract_seconds / len(images):.2f} s/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
