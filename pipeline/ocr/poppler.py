"""The only module that runs poppler (pdfinfo via pdf2image, pdftoppm, pdftotext).

pdfinfo's failures arrive as a few pdf2image exceptions carrying its stderr;
they are mapped here to the pipeline's exceptions by that text. pdftoppm is
run directly: pdf2image would run pdfinfo again for every page it rasterises
(10-20 ms a page, more than all of the normalise stage).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import pdf2image
from pdf2image.exceptions import (
    PDFInfoNotInstalledError,
    PDFPageCountError,
    PDFPopplerTimeoutError,
)
from PIL import Image

from pipeline.errors import (
    CorruptPdfError,
    EmptyInputError,
    EncryptedPdfError,
    ImageTooLargeError,
    MissingProgramError,
    OcrError,
)
from pipeline.ocr.images import MAX_PAGE_PIXELS, check_input_file

PDFINFO_TIMEOUT_SECONDS = 30
# Per page; a dense A4 page at 300 dpi takes well under a second.
PDFTOPPM_TIMEOUT_SECONDS = 120
POINTS_PER_INCH = 72
_PAGE_SIZE = re.compile(r"^Page\s+(\d+) size$")
_POINTS = re.compile(r"([\d.]+) x ([\d.]+) pts")


def page_sizes(path: Path, *, timeout: int = PDFINFO_TIMEOUT_SECONDS) -> list[tuple[float, float] | None]:
    """Size in points of every page (index 0 is page 1; None if pdfinfo gave
    none); its length is the page count."""
    check_input_file(path)
    _require("pdfinfo")
    try:
        # -f/-l make pdfinfo list each page's size; it stops at the last page.
        info = pdf2image.pdfinfo_from_path(str(path), first_page=1, last_page=10**9, timeout=timeout)
    except PDFInfoNotInstalledError:
        raise MissingProgramError("pdfinfo (poppler-utils) is not installed") from None
    except PDFPopplerTimeoutError:
        raise CorruptPdfError(f"pdfinfo gave no answer within {timeout} s", path=str(path)) from None
    except PDFPageCountError as exc:
        raise _pdfinfo_error(str(exc), path) from None
    count = int(info.get("Pages", 0))
    if count == 0:
        raise EmptyInputError("PDF has no pages", path=str(path))
    sizes: list[tuple[float, float] | None] = [None] * count
    for key, value in info.items():
        key_match, size_match = _PAGE_SIZE.match(key), _POINTS.search(str(value))
        if key_match and size_match and 1 <= int(key_match[1]) <= count:
            sizes[int(key_match[1]) - 1] = (float(size_match[1]), float(size_match[2]))
    return sizes


def rasterise_page(
    path: Path,
    page: int,
    *,
    dpi: int,
    size_points: tuple[float, float] | None = None,
    timeout: int = PDFTOPPM_TIMEOUT_SECONDS,
) -> Image.Image:
    """One page as a greyscale image (OCR needs no colour; a third of the memory)."""
    if size_points is not None:
        width, height = (round(side / POINTS_PER_INCH * dpi) for side in size_points)
        if width * height > MAX_PAGE_PIXELS:  # refuse before pdftoppm allocates it
            raise ImageTooLargeError(
                f"page {page} would be {width}x{height} pixels at {dpi} dpi, over the "
                f"limit of {MAX_PAGE_PIXELS:,} pixels", path=str(path))
    _require("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="circulars-page-") as tmp:
        stem = Path(tmp, "page")
        try:
            result = subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), "-singlefile",
                 str(path), str(stem)],
                capture_output=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise OcrError(f"pdftoppm did not rasterise page {page} within {timeout} s",
                           path=str(path)) from None
        output = stem.with_suffix(".pgm")
        if result.returncode != 0 or not output.exists():
            raise _pdfinfo_error(f"pdftoppm failed on page {page}\n" + result.stderr.decode("utf-8", "replace"), path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(output)
                image.load()  # read now: the file goes with the directory
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooLargeError(f"page {page}: {exc}", path=str(path)) from None
        except (OSError, ValueError) as exc:  # pdftoppm wrote something Pillow cannot parse
            raise CorruptPdfError(f"pdftoppm failed on page {page}: {exc}", path=str(path)) from None
    return image


def _require(program: str) -> None:
    if shutil.which(program) is None:
        raise MissingProgramError(f"{program} (poppler-utils) is not installed")


def _pdfinfo_error(message: str, path: Path) -> Exception:
    """PDFPageCountError's text is "Unable to get page count." plus stderr."""
    if "Incorrect password" in message:
        return EncryptedPdfError("PDF is encrypted and needs a password", path=str(path))
    detail = [line for line in message.splitlines()[1:] if line.strip()]
    # The last line is poppler's conclusion ("Couldn't read xref table").
    reason = detail[-1].strip() if detail else "pdfinfo could not read it"
    return CorruptPdfError(f"not a readable PDF: {reason}", path=str(path))


PDFTOTEXT_TIMEOUT_SECONDS = 60


def text_layer(path: Path, *, timeout: int = PDFTOTEXT_TIMEOUT_SECONDS) -> list[str]:
    """The text layer of each page (``pdftotext -layout``), empty for a page
    that has none. Call ``page_sizes`` first: it reports unreadable PDFs."""
    _require("pdftotext")
    try:
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        raise CorruptPdfError(f"pdftotext took longer than {timeout} s", path=str(path)) from None
    if result.returncode != 0:
        raise _pdfinfo_error("pdftotext failed\n" + result.stderr.decode("utf-8", "replace"), path)
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages
