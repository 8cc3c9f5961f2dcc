"""Where a page's time goes: each stage of ``circulars process`` timed alone.

    python scripts/profile_stages.py [PDF ...] [--repeat 2]

Runs the stages of ``pipeline.api.process_file`` one by one on each page of
the given PDFs (default: ``fixtures/scans/*.pdf``) with the Tesseract engine,
and prints the wall-clock seconds per page of each, the best of ``--repeat``
runs, beside the time of the process's start-up (imports, lexicon). What is
not Tesseract is the pipeline's overhead (issue 6: the whole run within 15%
of rasterising plus Tesseract alone). Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def startup_seconds() -> tuple[float, float]:
    """(import of the CLI, loading the lexicon) in a fresh interpreter."""
    code = (
        "import time; t=time.perf_counter(); import pipeline.cli; a=time.perf_counter()-t;"
        "from pipeline.normalise.lexicon import lexicon; t=time.perf_counter(); lexicon(); print(a, time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    a, b = map(float, out.stdout.split())
    return a, b


def profile(pdfs: list[Path]) -> tuple[dict[str, float], int]:
    from pipeline import api
    from pipeline.ocr import poppler
    from pipeline.ocr import IMAGE_STAGES
    from pipeline.ocr.images import gray_pixels
    from pipeline.ocr.tesseract import TesseractEngine
    from pipeline.ocr.tsv import page_from_tsv
    from pipeline.ocr import latin

    engine = TesseractEngine()
    spent: dict[str, float] = defaultdict(float)
    pages_done = 0

    def timed(stage, fn, *args, **kwargs):
        t = time.perf_counter()
        result = fn(*args, **kwargs)
        spent[stage] += time.perf_counter() - t
        return result

    for pdf in pdfs:
        sizes = timed("pdfinfo", poppler.page_sizes, pdf)
        timed("pdftotext", poppler.text_layer, pdf)
        texts, spans = [], []
        for number, size in enumerate(sizes, start=1):
            image = timed("rasterise", poppler.rasterise_page, pdf, number, dpi=300, size_points=size)
            tsv, plain = timed("tesseract", engine.run, image, page=number, dpi=300)
            page = timed("tsv", page_from_tsv, tsv, plain, number=number, width=image.width,
                         height=image.height, dpi=300, engine=engine.label)
            page = latin.apply_substitutions(page, timed("e-mail re-read", engine.reread_latin, page, image))
            pixels = timed("grey array", gray_pixels, image)
            for name, stage in IMAGE_STAGES:
                page = timed(name, stage, page, image, pixels=pixels)
            texts.append(page.text)
            spans.append(page.digit_spans)
            pages_done += 1
        data = api.InputPages(pdf, "0" * 64, texts, first_page=1, digit_spans=spans)
        normalised = timed("normalise", api.normalise_input, data)
        segments = timed("segment", api.segment_input, normalised)
        records = timed("extract", api.extract_input, normalised, segments, path=str(pdf), sha256="0" * 64)
        timed("json", lambda: [api.to_json_line(r) for r in records])
    return spent, pages_done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    pdfs = args.pdfs or sorted((REPO / "fixtures" / "scans").glob("*.pdf"))
    from pipeline.normalise.lexicon import lexicon

    lexicon()  # loaded once per process; timed apart below
    best: dict[str, float] = {}
    pages = 0
    for _ in range(args.repeat):
        spent, pages = profile(pdfs)
        for stage, seconds in spent.items():
            best[stage] = min(best.get(stage, float("inf")), seconds)
    imports, lexicon_load = startup_seconds()
    ocr = best["tesseract"]
    print(f"{pages} pages of {len(pdfs)} PDFs; seconds per page (best of {args.repeat}), and as a share of Tesseract's time")
    for stage, seconds in best.items():
        print(f"  {stage:15s} {seconds / pages:7.3f}  {seconds / ocr:7.1%}")
    other = sum(s for k, s in best.items() if k not in ("tesseract",))
    print(f"  {'all but OCR':15s} {other / pages:7.3f}  {other / ocr:7.1%}")
    print(f"start-up of a process (once per worker): imports {imports:.2f} s, lexicon {lexicon_load:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
