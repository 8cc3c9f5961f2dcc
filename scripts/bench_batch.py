"""Throughput and memory of batch runs (issue 6).

    python scripts/bench_batch.py [--pages 30] [--big 50] [--repeat 2]

1. A folder of rendered scan pages (the pages of fixtures/scans, each made
   distinct by a line of text so none is a cache hit of another) is processed
   with ``circulars process --jobs 1`` and ``--jobs 2`` (no cache); printed:
   pages per minute of each, and the speed-up.
2. The same pages through poppler and Tesseract alone (``pdftoppm`` to PGM
   then ``tesseract -l tha --psm 4`` writing TSV and text, the engine's
   settings, one thread each), one after another and two at a time: the pipeline's overhead over
   OCR alone. Run it on a quiet machine: the figures are wall-clock times.
3. A ``--big``-page PDF processed with ``--jobs 1``: the worker's peak
   resident memory (ru_maxrss of the child process).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
SCANS = REPO / "fixtures" / "scans"


def page_images(tmp: Path) -> list[Path]:
    out = []
    for pdf in sorted(SCANS.glob("*.pdf")):
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp / pdf.stem)], check=True)
    out = sorted(tmp.glob("*.png"))
    return out


def distinct_pdfs(images: list[Path], count: int, folder: Path) -> list[Path]:
    """``count`` one-page PDFs, each a scan page with a distinct mark at the foot."""
    folder.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for i in range(count):
        image = Image.open(images[i % len(images)]).convert("L")
        ImageDraw.Draw(image).text((200, image.height - 120), f"copy {i}", fill=0)
        pdf = folder / f"page{i:03d}.pdf"
        image.save(pdf, "PDF", resolution=300.0, quality=80)
        pdfs.append(pdf)
    return pdfs


def run_pipeline(folder: Path, jobs: int) -> float:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "process", str(folder), "-o", str(folder.parent / f"out{jobs}.jsonl"),
         "--jobs", str(jobs), "--no-cache", "-q"],
        check=True, env=env, cwd=REPO,
    )
    return time.monotonic() - started


def ocr_alone(pdf: Path, tmp: Path) -> None:
    """Rasterise (uncompressed PGM, the fastest hand-over) and OCR one page."""
    stem = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-singlefile", str(pdf), str(stem)], check=True)
    # the engine's own settings: boxes (TSV) and text in one run
    subprocess.run(["tesseract", f"{stem}.pgm", str(stem), "-l", "tha", "--psm", "4", "--dpi", "300",
                    "-c", "preserve_interword_spaces=1", "-c", "tessedit_create_tsv=1", "-c", "tessedit_create_txt=1"],
                   check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def run_ocr_alone(pdfs: list[Path], workers: int, tmp: Path) -> float:
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda p: ocr_alone(p, tmp), pdfs))
    return time.monotonic() - started


def peak_memory(pdf: Path) -> float:
    """Peak resident memory (MB) of ``circulars process --jobs 1`` on one PDF."""
    code = (
        "import resource, subprocess, sys, os;"
        f"subprocess.run([sys.executable, '-m', 'pipeline.cli', 'process', {str(pdf)!r}, '-o', os.devnull, '--jobs', '1', '--no-cache', '-q'], check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHAINLP_OFFLINE": "1"}, cwd=REPO)
    return int(result.stdout.split()[-1]) / 1024  # ru_maxrss is in kB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=30, help="one-page PDFs in the throughput folder")
    parser.add_argument("--big", type=int, default=50, help="pages of the memory test PDF")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measurement; the best is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        images = page_images(tmp)
        pdfs = distinct_pdfs(images, args.pages, tmp / "in")
        # interleaved and repeated: this machine's speed drifts between runs,
        # so each figure is the best of --repeat runs
        times: dict[str, list[float]] = {"one": [], "two": [], "alone_one": [], "alone_two": []}
        for _ in range(args.repeat):
            times["one"].append(run_pipeline(tmp / "in", 1))
            times["alone_one"].append(run_ocr_alone(pdfs, 1, tmp))
            times["two"].append(run_pipeline(tmp / "in", 2))
            times["alone_two"].append(run_ocr_alone(pdfs, 2, tmp))
        one, two, alone_one, alone_two = (min(times[k]) for k in ("one", "two", "alone_one", "alone_two"))
        print("runs (s): " + ", ".join(f"{k} {' '.join(f'{t:.1f}' for t in v)}" for k, v in times.items()))
        per_min = lambda seconds: args.pages / seconds * 60  # noqa: E731
        print(f"pages: {args.pages} (one-page scan PDFs, 300 dpi)")
        print(f"process --jobs 1: {per_min(one):6.1f} pages/min ({one / args.pages:.2f} s/page)")
        print(f"process --jobs 2: {per_min(two):6.1f} pages/min ({two / args.pages:.2f} s/page)  speed-up {one / two:.2f}x")
        print(f"pdftoppm + tesseract alone, 1 at a time: {per_min(alone_one):6.1f} pages/min")
        print(f"pdftoppm + tesseract alone, 2 at a time: {per_min(alone_two):6.1f} pages/min")
        print(f"pipeline time over OCR alone: jobs 1 {one / alone_one - 1:+.1%}, jobs 2 {two / alone_two - 1:+.1%}")

        big = tmp / "big.pdf"
        frames = [Image.open(images[i % len(images)]).convert("L") for i in range(args.big)]
        frames[0].save(big, "PDF", resolution=300.0, quality=80, save_all=True, append_images=frames[1:])
        del frames
        print(f"peak memory, {args.big}-page PDF, --jobs 1: {peak_memory(big):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
