"""The documents an audit runs over: records read back from ``process``
output (JSONL, each line validated as a Record) or made on the fly from raw
inputs (.txt, .pdf, images) through ``pipeline.api``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline import api
from pipeline.errors import CircularsError, InputNotFoundError, InvalidRecordError
from pipeline.inputs import iter_inputs
from pipeline.models import Record

RECORD_SUFFIXES = {".jsonl"}


@dataclass(slots=True)
class CorpusDocument:
    record: Record
    document: int  # 1-based position among the documents found in its input


def documents_of(records: Iterable[Record]) -> list[CorpusDocument]:
    """Records of one input (a raw file, or a JSONL file of many inputs' records)
    numbered by their position among the records of the same source file."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for record in records:
        key = (record.source.path, record.source.sha256)
        seen[key] = seen.get(key, 0) + 1
        out.append(CorpusDocument(record, seen[key]))
    return out


def read_records(path: Path) -> list[Record]:
    """Records of a JSONL file written by ``circulars process``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file", path=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputNotFoundError(f"cannot read: {exc}", path=str(path)) from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(Record.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "line"
            raise InvalidRecordError(f"line {number} is not a record ({where}: {first['msg']})", path=str(path)) from exc
    return records


def load_documents(
    inputs: Iterable[Path],
    ocr: api.OcrOptions = api.OcrOptions(),
    on_failure: Callable[[CircularsError], None] | None = None,
) -> tuple[list[CorpusDocument], list[CircularsError]]:
    """Documents of every input, in order. A raw input that fails is passed to
    ``on_failure`` and skipped, so one bad scan does not stop the audit; an
    invalid JSONL file stops it (its records would be silently missing)."""
    documents: list[CorpusDocument] = []
    failures: list[CircularsError] = []
    for path in inputs:
        if path.suffix.lower() in RECORD_SUFFIXES:
            documents.extend(documents_of(read_records(path)))
            continue
        for raw in iter_inputs([path]):
            try:
                documents.extend(documents_of(api.process_file(raw, ocr)))
            except CircularsError as exc:
                exc.path = exc.path or str(raw)
                failures.append(exc)
                if on_failure:
                    on_failure(exc)
    return documents, failures
