"""Finding inputs and reading text files.

Text inputs may be UTF-8 (with or without BOM) or the legacy Thai encodings
TIS-620 / Windows-874 that older e-document systems still export. A form feed
(as pdftotext writes) separates pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import EmptyInputError, InputNotFoundError, UndecodableTextError

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
TEXT_SUFFIXES = {".txt"}
SUPPORTED = PDF_SUFFIXES | IMAGE_SUFFIXES | TEXT_SUFFIXES


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and supported files below folders named (recursively, sorted).
    A named file that does not exist is passed on, so it fails with its own error."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
        else:
            yield path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise InputNotFoundError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    return digest.hexdigest()


def decode_text(data: bytes, *, path: str) -> str:
    if not data.strip():
        raise EmptyInputError("empty text file", path=path)
    if b"\x00" in data:
        raise UndecodableTextError("binary data (NUL bytes), not UTF-8, TIS-620 or Windows-874 text", path=path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp874 is TIS-620 plus a few punctuation marks in 0x80-0x9F
        text = data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise UndecodableTextError(
            f"not UTF-8, TIS-620 or Windows-874 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path=path
        ) from exc
    return text


def read_text_pages(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise InputNotFoundError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    text = decode_text(data, path=str(path)).replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\f")
