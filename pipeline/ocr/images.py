"""Opening page images safely with Pillow, and the size guard every page
goes through (image files and pages rasterised from PDFs alike)."""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from pipeline.errors import (
    EmptyInputError,
    ImageTooLargeError,
    InputNotFoundError,
    UnreadableImageError,
)

# Pillow's default bomb limit (~89 Mpx, error at twice that) is about an A1
# sheet at 300 dpi. We raise it to 200 Mpx so large honest scans pass (A3 at
# 600 dpi is 70 Mpx, A2 at 600 dpi 140 Mpx), and treat anything above as an
# error instead of Pillow's warning band: one such page needs 200 MB as
# greyscale and far more inside Tesseract, and nobody scans letters that big.
MAX_PAGE_PIXELS = 200_000_000
Image.MAX_IMAGE_PIXELS = MAX_PAGE_PIXELS

# Below this a page cannot hold a line of text (a 1x1 tracking pixel, an icon).
MIN_PAGE_SIDE = 16

# DPI values outside this range in a file's metadata are taken as junk
# (0, 1, 65535 occur) and replaced by the caller's dpi.
PLAUSIBLE_DPI = range(50, 2401)

# Pillow raises a zoo of exceptions on malformed files; all mean "unreadable".
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, KeyError)


def check_page_size(width: int, height: int, *, path: Path, page: int) -> None:
    """Refuse a page too large to process safely or too small to hold text."""
    if width * height > MAX_PAGE_PIXELS:
        raise ImageTooLargeError(
            f"page {page} is {width}x{height} pixels, over the limit of "
            f"{MAX_PAGE_PIXELS:,} pixels", path=str(path))
    if width < MIN_PAGE_SIDE or height < MIN_PAGE_SIDE:
        raise UnreadableImageError(
            f"page {page} is only {width}x{height} pixels, too small to hold text "
            f"(minimum {MIN_PAGE_SIDE}x{MIN_PAGE_SIDE})", path=str(path))


def check_input_file(path: Path) -> None:
    """Missing, unreadable or zero-byte inputs, before any program sees them."""
    try:
        if not path.is_file():
            raise InputNotFoundError("input file not found", path=str(path))
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputNotFoundError(f"cannot read input: {exc.strerror}", path=str(path)) from None
    if size == 0:
        raise EmptyInputError("input file is empty (0 bytes)", path=str(path))


def image_pages(path: Path, *, default_dpi: int) -> Iterator[tuple[Image.Image, int]]:
    """Each page (TIFF frame) of an image file as (image, dpi), one at a time.

    The dpi is the file's own when present and plausible, else default_dpi.
    """
    check_input_file(path)
    try:
        with warnings.catch_warnings():
            # Pillow warns (not raises) between 1x and 2x MAX_IMAGE_PIXELS.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(str(exc), path=str(path)) from None
    except _DECODE_ERRORS as exc:
        raise UnreadableImageError(f"not a readable image: {exc}", path=str(path)) from None
    with source:
        frame_count = getattr(source, "n_frames", 1)
        for index in range(frame_count):
            yield _load_frame(source, index, path=path), _dpi_of(source, default_dpi)


def _load_frame(source: Image.Image, index: int, *, path: Path) -> Image.Image:
    page = index + 1
    try:
        source.seek(index)
        check_page_size(source.width, source.height, path=path, page=page)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # exif_transpose: phone photos store the page sideways plus a tag.
            return ImageOps.exif_transpose(source.copy())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(str(exc), path=str(path)) from None
    except _DECODE_ERRORS as exc:
        raise UnreadableImageError(f"cannot decode page {page}: {exc}", path=str(path)) from None


def _dpi_of(image: Image.Image, default_dpi: int) -> int:
    dpi = image.info.get("dpi")
    try:
        x_dpi = round(float(dpi[0]))
    except (TypeError, ValueError, IndexError):
        return default_dpi
    return x_dpi if x_dpi in PLAUSIBLE_DPI else default_dpi


def ocr_ready(image: Image.Image) -> Image.Image:
    """Greyscale (or 1-bit) copy for Tesseract, transparency flattened on white.

    Tesseract greys colour itself; doing it here makes the temporary file a
    third of the size and keeps CMYK, 16-bit and palette images from
    surprising it.
    """
    if image.mode in ("1", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("L")
    if image.mode.startswith("I;16") or image.mode in ("I", "F"):
        # Scale 16-bit/float samples down to 8 bits rather than clipping them.
        wide = image.convert("I") if image.mode.startswith("I;16") else image
        low, high = wide.getextrema()
        scale = 255 / (high - low) if high > low else 1
        return wide.point(lambda v: v * scale - low * scale).convert("L")
    return image.convert("L")


def gray_pixels(image: Image.Image) -> np.ndarray:
    """The page as an 8-bit greyscale array (what the image stages read).
    Made once a page and handed to each stage: converting an A4 page at 300
    dpi costs about 20 ms."""
    gray = ocr_ready(image)
    return np.asarray(gray if gray.mode == "L" else gray.convert("L"))
