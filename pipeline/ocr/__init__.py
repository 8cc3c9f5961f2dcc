"""OCR stage: input file -> one OcrPage per page.

    engine = get_engine("tesseract")            # or get_engine("replay", directory=...)
    for page in read_pages(Path("letter.pdf"), engine=engine):
        ...

PDFs are rasterised one page at a time (never the whole file in memory);
image files give one page per frame (TIFF). Pages are numbered from 1.
Every failure is a ``pipeline.errors`` exception carrying the input's path.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PIL import Image

from pipeline.errors import CircularsError
from pipeline.models import OcrPage
from pipeline.ocr import images, poppler
from pipeline.ocr.codes import reread_codes
from pipeline.ocr.digits import reread_digits
from pipeline.ocr.mark_lines import drop_mark_lines
from pipeline.ocr.marks import restore_marks
from pipeline.ocr.months import reread_months
from pipeline.ocr.replay import ReplayEngine, recording_paths

if TYPE_CHECKING:
    from pipeline.ocr.tesseract import TesseractEngine

ENGINE_NAMES = ("replay", "tesseract")

# The image stages, in order: each takes (page, image, pixels=grey array)
# and returns the page with what it read again from the image written in.
IMAGE_STAGES = (
    ("mark_lines", drop_mark_lines),  # lines Tesseract made of the marks above a line (no image needed)
    ("digits", reread_digits),   # Thai digits Tesseract cannot write
    ("codes", reread_codes),     # the letter code, ที่ and ว around a letter number's digits
    ("months", reread_months),   # month names lost between a day and a year
    ("marks", restore_marks),    # tone marks dropped over upper vowels and ำ
)
PDF_MAGIC = b"%PDF-"


class OcrEngine(Protocol):
    """Recognises one page image. Engines that need to know which input the
    pages come from (replay) also have ``for_source(path) -> OcrEngine``,
    which ``read_pages`` calls."""

    name: str

    def recognise(self, image: Image.Image, *, page: int, dpi: int) -> OcrPage: ...


def get_engine(name: str, **options) -> OcrEngine:
    """``tesseract``: lang="tha+eng", timeout=120 (s per page, None for no
    limit), psm=4, config="" (extra Tesseract arguments), omp_thread_limit.
    ``replay``: directory (recorded pages), stem (optional)."""
    if name == "tesseract":
        from pipeline.ocr.tesseract import TesseractEngine  # imports pytesseract

        return TesseractEngine(**options)
    if name == "replay":
        return ReplayEngine(**options)
    raise ValueError(f"unknown OCR engine {name!r}; known engines: {', '.join(ENGINE_NAMES)}")


def page_images(
    path: Path, *, dpi: int = 300, pages: Collection[int] | None = None,
    sizes: list[tuple[float, float] | None] | None = None,
) -> Iterator[tuple[int, Image.Image, int]]:
    """(page number, image, dpi) of each page of a PDF or image file, one at a
    time; only the ``pages`` named (1-based) when given. ``sizes``: a PDF's
    ``poppler.page_sizes``, when the caller has them already."""
    path = Path(path)
    if _is_pdf(path):
        sizes = sizes if sizes is not None else poppler.page_sizes(path)
        for number, size_points in enumerate(sizes, start=1):
            if pages is not None and number not in pages:
                continue
            image = poppler.rasterise_page(path, number, dpi=dpi, size_points=size_points)
            images.check_page_size(image.width, image.height, path=path, page=number)
            yield number, image, dpi
    else:
        for number, (image, image_dpi) in enumerate(images.image_pages(path, default_dpi=dpi), start=1):
            if pages is None or number in pages:
                yield number, image, image_dpi


def read_pages(
    path: Path, *, engine: OcrEngine, dpi: int = 300, pages: Collection[int] | None = None,
    image_stages: bool = True, sizes: list[tuple[float, float] | None] | None = None,
) -> Iterator[OcrPage]:
    """OCR every page (or the ``pages`` named) of a PDF or image file,
    yielding pages as they are done. After the engine, the image stages
    (``IMAGE_STAGES``) read again from the page image what stock Tesseract
    ``tha`` cannot write or misreads: Thai digits, the letters around a
    letter number's digits, lost month names, dropped tone marks. They run
    after the replay engine too, so replayed pages are what a live run
    gives; ``image_stages=False`` returns the engine's page as it is."""
    path = Path(path)
    bind = getattr(engine, "for_source", None)
    page_engine = bind(path) if bind is not None else engine
    for number, image, page_dpi in page_images(path, dpi=dpi, pages=pages, sizes=sizes):
        try:
            page = page_engine.recognise(image, page=number, dpi=page_dpi)
            if image_stages:
                pixels = images.gray_pixels(image)
                for _, stage in IMAGE_STAGES:
                    page = stage(page, image, pixels=pixels)
            yield page
        except CircularsError as exc:
            exc.path = exc.path or str(path)
            raise
        finally:
            image.close()


def record_tsv(path: Path, engine: "TesseractEngine", out_dir: Path, *, dpi: int = 300) -> list[OcrPage]:
    """Run a TesseractEngine on every page of ``path`` and write what the
    replay engine needs (``<stem>.p<N>.tsv``, ``.txt``, ``.json``) to out_dir.
    Returns the pages as the engine built them."""
    from pipeline.ocr import latin
    from pipeline.ocr.tsv import page_from_tsv

    path, out_dir = Path(path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[OcrPage] = []
    for number, image, page_dpi in page_images(path, dpi=dpi):
        tsv, plain_text = engine.run(image, page=number, dpi=page_dpi)
        ocr_page = page_from_tsv(tsv, plain_text, number=number, width=image.width,
                                 height=image.height, dpi=page_dpi, engine=engine.label)
        substitutions = engine.reread_latin(ocr_page, image)
        meta = {"page": number, "width": image.width, "height": image.height,
                "dpi": page_dpi, "engine": engine.label, "source": path.name,
                "latin": substitutions}
        tsv_path, txt_path, meta_path = recording_paths(out_dir, path.stem, number)
        tsv_path.write_text(tsv, encoding="utf-8")
        txt_path.write_text(plain_text, encoding="utf-8")
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pages.append(latin.apply_substitutions(ocr_page, substitutions))
        image.close()
    return pages


def _is_pdf(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(len(PDF_MAGIC)) == PDF_MAGIC
    except OSError:
        return False  # the image reader reports the missing/unreadable file
