"""Batch runs that records clerks can trust: worker processes, a progress
bar, and a result cache that makes every run resumable.

Each input is processed in a worker (``process_file``); its records are saved
in the cache under the input's content hash and the pipeline's fingerprint
(version, code and options) before the run moves on. The output file is
written only at the end, atomically, from the cache in input order. So a run
stopped in any way (Ctrl-C, ``kill -9``, power loss) loses at most the inputs
in flight, a second run skips what is done, and both end with the same
output: one record per document, never half a line.

Failures are not cached: the next run tries those inputs again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.api import OcrOptions, atomic_writer, failures_path, process_file
from pipeline.errors import CircularsError
from pipeline.inputs import PDF_SUFFIXES, iter_inputs, sha256_of
from pipeline.models import Failure


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "thai-circulars" / "results"


def pipeline_fingerprint(ocr: OcrOptions) -> str:
    """Changes when the code, its data files or the options change, so the
    cache never serves a result an older pipeline made."""
    digest = hashlib.sha256(__version__.encode())
    root = resources.files("pipeline")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.suffix in (".py", ".json", ".txt", ".npz") and "__pycache__" not in path.parts:  # .npz: the digit model
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    options = asdict(ocr) | {"replay_dir": str(ocr.replay_dir) if ocr.replay_dir else None}
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()[:16]


@dataclass
class Outcome:
    """What a worker sends back for one input (plain data: it crosses processes)."""

    path: str
    sha256: str | None
    lines: list[str] = field(default_factory=list)  # JSON lines of the records
    pages: int = 0
    failure: dict | None = None
    seconds: float = 0.0
    cached: bool = False


class ResultCache:
    def __init__(self, directory: Path | None, fingerprint: str):
        self.directory = directory / fingerprint if directory else None

    def _file(self, sha256: str) -> Path | None:
        return self.directory / sha256[:2] / f"{sha256}.jsonl" if self.directory else None

    def get(self, sha256: str) -> list[str] | None:
        file = self._file(sha256)
        if file is None or not file.exists():
            return None
        text = file.read_text(encoding="utf-8")
        # a complete entry ends with the end marker written last
        lines = text.splitlines()
        if not lines or lines[-1] != "#complete":
            return None
        return lines[:-1]

    def put(self, sha256: str, lines: list[str]) -> None:
        file = self._file(sha256)
        if file is None:
            return
        with atomic_writer(file) as f:
            f.write("".join(line + "\n" for line in lines) + "#complete\n")


def process_one(path: str, ocr: OcrOptions, cache_dir: str | None, fingerprint: str) -> Outcome:
    """Runs in a worker: one input, from the cache when it is there."""
    started = time.monotonic()
    cache = ResultCache(Path(cache_dir) if cache_dir else None, fingerprint)
    try:
        sha256 = sha256_of(Path(path))
        cached = cache.get(sha256)
        if cached is not None:
            return Outcome(path, sha256, cached, _pages(cached), cached=True, seconds=time.monotonic() - started)
        records = process_file(Path(path), ocr, sha256=sha256)
    except CircularsError as exc:
        failure = Failure(path=path, stage=exc.stage, error=type(exc).__name__, message=str(exc), exit_code=exc.exit_code)
        return Outcome(path, None, failure=failure.model_dump(), seconds=time.monotonic() - started)
    lines = [json.dumps(r.model_dump(mode="json"), ensure_ascii=False) for r in records]
    cache.put(sha256, lines)
    return Outcome(path, sha256, lines, _pages(lines), seconds=time.monotonic() - started)


def _pages(lines: list[str]) -> int:
    pages = set()
    for line in lines:
        pages.update(json.loads(line)["source"]["pages"])
    return len(pages)


@dataclass
class BatchSummary:
    inputs: int = 0
    documents: int = 0
    pages: int = 0
    cached: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.inputs} inputs ({self.cached} from cache), {self.documents} documents, {self.pages} pages, "
            f"{len(self.failures)} failed, {self.seconds:.1f} s"
        )


def run_batch(
    paths: Iterable[Path],
    out: Path | None,
    *,
    ocr: OcrOptions = OcrOptions(),
    jobs: int | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[dict], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> BatchSummary:
    """Processes every input with ``jobs`` workers and writes the records (in
    input order) to ``out`` (stdout when None) and failures beside it."""
    started = time.monotonic()
    inputs = [str(p) for p in iter_inputs(paths)]
    fingerprint = pipeline_fingerprint(ocr)
    jobs = max(1, jobs or os.cpu_count() or 1)
    cache = str(cache_dir) if cache_dir else None
    outcomes: dict[int, Outcome] = {}
    state = {"files_done": 0, "files": len(inputs), "pages_done": 0, "started": started,
             "pages": _expected_pages(inputs) if progress else None}  # pdfinfo per PDF: only for the bar

    def finished(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        state["files_done"] += 1
        state["pages_done"] += outcome.pages
        if outcome.failure and on_failure:
            on_failure(Failure.model_validate(outcome.failure))
        if progress:
            progress(state)

    if jobs == 1 or len(inputs) <= 1:
        for index, path in enumerate(inputs):
            finished(index, process_one(path, ocr, cache, fingerprint))
    else:
        _warm_up()  # loaded once here, shared with the forked workers
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        try:
            pending: dict[Future, int] = {
                pool.submit(process_one, path, ocr, cache, fingerprint): index for index, path in enumerate(inputs)
            }
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    finished(pending.pop(future), future.result())
        except BaseException:
            # Ctrl-C: what finished is in the cache; do not wait for the rest
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    summary = BatchSummary(inputs=len(inputs))
    ordered = [outcomes[i] for i in range(len(inputs))]
    failures = [Failure.model_validate(o.failure) for o in ordered if o.failure]
    if out is None:
        for outcome in ordered:
            sys.stdout.write("".join(line + "\n" for line in outcome.lines))
    else:
        with atomic_writer(out) as records_file, atomic_writer(failures_path(out)) as failures_file:
            for outcome in ordered:
                records_file.write("".join(line + "\n" for line in outcome.lines))
            for failure in failures:
                failures_file.write(json.dumps(failure.model_dump(), ensure_ascii=False) + "\n")
    summary.documents = sum(len(o.lines) for o in ordered)
    summary.pages = sum(o.pages for o in ordered)
    summary.cached = sum(1 for o in ordered if o.cached)
    summary.failures = failures
    summary.seconds = time.monotonic() - started
    return summary


def _warm_up() -> None:
    """Loads the lexicons before the workers fork, so they share one copy."""
    from pipeline.normalise import normalise

    normalise("ที\u0e48 มท ทีส\u0e48งมาด\u0e49วย")


def _expected_pages(inputs: list[str]) -> int | None:
    """Pages in the inputs, for the progress bar's time left (None when unknown)."""
    from pipeline.ocr import poppler

    total = 0
    for path in inputs:
        if Path(path).suffix.lower() in PDF_SUFFIXES:
            try:
                total += len(poppler.page_sizes(Path(path)))
            except CircularsError:
                continue
        else:
            total += 1
    return total


class ProgressBar:
    """One line on stderr: files and pages done, pages per minute, time left."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream

    def __call__(self, state: dict) -> None:
        elapsed = max(time.monotonic() - state["started"], 1e-6)
        rate = state["pages_done"] / elapsed * 60
        left = ""
        if state["pages"] and state["pages_done"]:
            remaining = max(state["pages"] - state["pages_done"], 0) / (state["pages_done"] / elapsed)
            left = f", {int(remaining // 60)}:{int(remaining % 60):02d} left"
        width = 24
        filled = int(width * state["files_done"] / max(state["files"], 1))
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {state['files_done']}/{state['files']} files, "
            f"{state['pages_done']} pages, {rate:.1f} pages/min{left}   "
        )
        if state["files_done"] == state["files"]:
            self.stream.write("\n")
        self.stream.flush()
