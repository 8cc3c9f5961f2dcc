"""The library API: the pipeline as a short list of named stages.

    read_input      file      -> InputPages   (text, or OCR of PDF pages / images)
    normalise_input InputPages -> Normalised  (pipeline.normalise)
    segment_input   Normalised -> [Segment]   (pipeline.segment)
    extract_input   Normalised, [Segment] -> [Record]  (pipeline.extract)

``process_file`` runs them for one input; ``pipeline.batch.run_batch`` runs
them over many inputs in worker processes, so one bad file never costs the
others their results. The CLI (``pipeline.cli``) is a thin layer on these.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal
from pathlib import Path

from pipeline import textlayer
from pipeline.errors import EmptyInputError
from pipeline.extract import extract_record
from pipeline.inputs import IMAGE_SUFFIXES, PDF_SUFFIXES, read_text_pages, sha256_of
from pipeline.models import DigitSpan, OcrPage, Record, Source
from pipeline.normalise import Normalised, normalise_pages
from pipeline.segment import Segment, segment


OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class OcrOptions:
    # auto: a PDF page's text layer when it is usable (pipeline/textlayer.py),
    # else OCR; always: OCR every page; never: the text layer only
    mode: OcrMode = "auto"
    engine: str = "tesseract"
    lang: str = "tha"
    dpi: int = 300
    timeout: float = 120.0
    replay_dir: Path | None = None  # for engine "replay": recorded TSV files


@dataclass
class InputPages:
    path: Path
    sha256: str
    pages: list[str]
    first_page: int | None  # None: unpaged text
    # per page, the digit runs the OCR stage read again from the image
    # (offsets in the page's text); empty for text and text-layer pages
    digit_spans: list[list[DigitSpan]] = field(default_factory=list)


def read_input(path: Path, ocr: OcrOptions = OcrOptions(), *, sha256: str | None = None) -> InputPages:
    digest = sha256 or sha256_of(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _input_pages(path, digest, _pdf_pages(path, ocr))
    if suffix in IMAGE_SUFFIXES:
        return _input_pages(path, digest, _ocr_pages(path, ocr))
    pages = read_text_pages(path)
    return InputPages(path, digest, pages, first_page=1 if len(pages) > 1 else None)


def ocr_engine(ocr: OcrOptions):
    """The OCR engine the options name."""
    from pipeline.ocr import get_engine  # only OCR inputs need the OCR stack

    options = {"directory": ocr.replay_dir} if ocr.engine == "replay" else {"lang": ocr.lang, "timeout": ocr.timeout}
    return get_engine(ocr.engine, **options)


def _input_pages(path: Path, digest: str, pages: list[OcrPage | str]) -> InputPages:
    """Pages of OCR (``OcrPage``, with their digit runs) or of a text layer (``str``)."""
    return InputPages(
        path, digest, [p if isinstance(p, str) else p.text for p in pages], first_page=1,
        digit_spans=[[] if isinstance(p, str) else p.digit_spans for p in pages],
    )


def _ocr_pages(
    path: Path, ocr: OcrOptions, pages: list[int] | None = None, sizes: list[tuple[float, float] | None] | None = None
) -> list[OcrPage]:
    from pipeline.ocr import read_pages

    return list(read_pages(path, engine=ocr_engine(ocr), dpi=ocr.dpi, pages=pages, sizes=sizes))


def _pdf_pages(path: Path, ocr: OcrOptions) -> list[OcrPage | str]:
    """Each page from its text layer where that is usable (and allowed), else by OCR."""
    from pipeline.ocr import poppler

    sizes = poppler.page_sizes(path)  # reports an unreadable or encrypted PDF
    count = len(sizes)
    if ocr.mode == "always":
        return _ocr_pages(path, ocr, sizes=sizes)
    layer = poppler.text_layer(path)
    layer += [""] * (count - len(layer))
    from_layer = {n for n, text in enumerate(layer, start=1) if textlayer.usable(text)}
    if ocr.mode == "never":
        if not from_layer:
            raise EmptyInputError("no usable text layer (and --ocr never)", path=str(path))
        return [textlayer.as_ocr_text(text) if n in from_layer else "" for n, text in enumerate(layer, start=1)]
    to_ocr = [n for n in range(1, count + 1) if n not in from_layer]
    ocr_text = dict(zip(to_ocr, _ocr_pages(path, ocr, to_ocr, sizes))) if to_ocr else {}
    return [textlayer.as_ocr_text(layer[n - 1]) if n in from_layer else ocr_text[n] for n in range(1, count + 1)]


def normalise_input(data: InputPages) -> Normalised:
    return normalise_pages(data.pages, first_page=data.first_page, digit_spans=data.digit_spans)


def segment_input(normalised: Normalised) -> list[Segment]:
    return segment(normalised.text, normalised.page_starts)


def extract_input(normalised: Normalised, segments: list[Segment], *, path: str, sha256: str) -> list[Record]:
    records = []
    for seg in segments:
        pages = sorted({normalised.page_of(seg.start), normalised.page_of(max(seg.start, seg.end - 1))} - {None})
        if pages:
            pages = list(range(pages[0], pages[-1] + 1))
        repairs = [
            r.model_copy(update={"start": r.start - seg.start, "end": r.end - seg.start})
            for r in normalised.repairs
            if seg.start <= r.start and r.end <= seg.end
        ]
        record = extract_record(
            normalised.text[seg.start : seg.end],
            normalised.thai_digit_text[seg.start : seg.end],
            kind=seg.kind,
            source=Source(path=path, sha256=sha256, pages=pages),
            repairs=repairs,
            digit_spans=normalised.digit_spans_in(seg.start, seg.end),
        )
        # what the repair stage could not read, with its offset in this record's text
        record.warnings = normalised.warnings_in(seg.start, seg.end) + record.warnings
        records.append(record)
    return records


def process_file(path: Path, ocr: OcrOptions = OcrOptions(), *, sha256: str | None = None) -> list[Record]:
    """Records of one input (``sha256``: its content hash, when the caller has it already)."""
    data = read_input(path, ocr, sha256=sha256)
    normalised = normalise_input(data)
    return extract_input(normalised, segment_input(normalised), path=str(path), sha256=data.sha256)


def records_from_text(text: str, *, path: str = "-") -> list[Record]:
    """Records from text already OCR'd (``circulars extract``)."""
    normalised = normalise_pages(text.split("\f"), first_page=1 if "\f" in text else None)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return extract_input(normalised, segment_input(normalised), path=path, sha256=digest)


def failures_path(out: Path) -> Path:
    """Where failures are written beside ``OUT.jsonl``: ``OUT.failures.jsonl``."""
    return out.with_name(out.name.removesuffix(".jsonl") + ".failures.jsonl")


def to_json_line(model) -> str:
    return json.dumps(model.model_dump(mode="json"), ensure_ascii=False) + "\n"


@contextmanager
def atomic_writer(path: Path) -> Iterator:
    """A file that appears at ``path`` complete or not at all (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
