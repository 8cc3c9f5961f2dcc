"""The only module that runs Tesseract: pages through pytesseract (the
command-line program), e-mail crops through its C library (``ctypes``)."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytesseract
from PIL import Image
from pytesseract import TesseractError, TesseractNotFoundError

from pipeline.errors import MissingProgramError, OcrError
from pipeline.models import OcrPage
from pipeline.ocr import latin
from pipeline.ocr.images import ocr_ready
from pipeline.ocr.tsv import page_from_tsv

# "tha" for the page, and "eng" only for e-mail addresses (pipeline/ocr/latin.py
# says why: with "tha+eng" the letter number's ที่ มท is often read "NWN").
DEFAULT_LANG = "tha"
LATIN_LANG = "eng"
DEFAULT_TIMEOUT_SECONDS = 120
# psm 4 (one column of text of varying sizes) against psm 3 (automatic) on
# rendered Thai letters: same text on a letter layout, tables kept row by row
# where psm 3 scattered the cells, and on body text characters 0.947 vs 0.936
# similar, spaces F1 0.952 vs 0.943. psm 6 (one uniform block) did worse.
DEFAULT_PSM = 4

# Tesseract's LSTM spreads each page over up to 4 OpenMP threads, which spin
# while they wait. Measured on this 2-core machine, one dense A4 page at
# 300 dpi: 1.7-2.1 s with OMP_THREAD_LIMIT=1, 7.5-8.5 s without it; 6 pages
# on 2 worker processes: 0.9 s/page against 5.2 s/page. So one thread per
# Tesseract (parallelism comes from worker processes) unless the caller's
# environment or the omp_thread_limit option says otherwise.
DEFAULT_OMP_THREAD_LIMIT = "1"

# Both asked of one Tesseract run: TSV for boxes and confidences, plain text
# only for where the spaces go (see pipeline/ocr/tsv.py).
_OUTPUT_CONFIG = (
    "-c preserve_interword_spaces=1 -c tessedit_create_tsv=1 -c tessedit_create_txt=1"
)


class TesseractEngine:
    name = "tesseract"

    def __init__(
        self,
        *,
        lang: str = DEFAULT_LANG,
        timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
        psm: int = DEFAULT_PSM,
        config: str = "",
        omp_thread_limit: int | str | None = None,
    ):
        self.lang = lang
        self.timeout = timeout
        self.psm = psm
        self.config = config
        if omp_thread_limit is not None:
            os.environ["OMP_THREAD_LIMIT"] = str(omp_thread_limit)
        else:
            os.environ.setdefault("OMP_THREAD_LIMIT", DEFAULT_OMP_THREAD_LIMIT)
        # pytesseract passes this process's environment to Tesseract, so the
        # line above is how the limit reaches it.
        self.version = _check_installed(lang, pytesseract.pytesseract.tesseract_cmd)
        self.label = f"tesseract {self.version} {lang} psm{psm}"

    def recognise(self, image: Image.Image, *, page: int, dpi: int) -> OcrPage:
        tsv, plain_text = self.run(image, page=page, dpi=dpi)
        ocr_page = page_from_tsv(
            tsv, plain_text, number=page, width=image.width, height=image.height,
            dpi=dpi, engine=self.label,
        )
        return latin.apply_substitutions(ocr_page, self.reread_latin(ocr_page, image))

    def reread_latin(self, ocr_page: OcrPage, image: Image.Image) -> list[tuple[str, str]]:
        """(junk, address) for every e-mail token read again with English data."""
        if LATIN_LANG in self.lang.split("+"):
            return []
        tokens = latin.at_tokens(ocr_page)
        if not tokens:
            return []
        try:
            _check_installed(LATIN_LANG, pytesseract.pytesseract.tesseract_cmd)
        except MissingProgramError:
            return []  # without English data the Thai reading stays
        gray = ocr_ready(image)
        found = []
        for junk, box in tokens:
            crop = latin.crop_for_reading(gray, box)
            # one line (psm 7); a block (psm 6) and one word (psm 8) as further tries
            for psm in (7, 6, 8):
                try:
                    text = self._read_english(crop, psm)
                except (TesseractError, RuntimeError):
                    break  # keep the Thai reading of this token
                address = latin.EMAIL.fullmatch("".join(text.split()))
                if address:
                    found.append((junk, address.group()))
                    break
        return found

    def _read_english(self, crop: Image.Image, psm: int) -> str:
        library = _english_library()
        if library is not None:
            return library.read(crop, psm)
        return pytesseract.image_to_string(crop, lang=LATIN_LANG, config=f"--psm {psm}", timeout=self.timeout or 0)

    def run(self, image: Image.Image, *, page: int, dpi: int) -> tuple[str, str]:
        """Tesseract's raw TSV and plain text for one page image."""
        config = f"--psm {self.psm} --dpi {dpi} {_OUTPUT_CONFIG} {self.config}".strip()
        with tempfile.TemporaryDirectory(prefix="circulars-ocr-") as tmp:
            source, output = Path(tmp, "page.pgm"), Path(tmp, "page")
            # Our own lossless file (pytesseract would re-save a JPEG as JPEG),
            # uncompressed: a PNG of an A4 page costs 70 ms to write; the dpi
            # goes to Tesseract as --dpi.
            ocr_ready(image).save(source)
            try:
                pytesseract.pytesseract.run_tesseract(
                    str(source), str(output), extension="tsv", lang=self.lang,
                    config=config, timeout=self.timeout or 0,
                )
            except TesseractNotFoundError:
                raise MissingProgramError("tesseract is not installed") from None
            except TesseractError as exc:
                raise OcrError(
                    f"Tesseract failed on page {page} (exit {exc.status}): {exc.message}"
                ) from None
            except RuntimeError as exc:
                if "timeout" not in str(exc).lower():
                    raise
                raise OcrError(f"Tesseract timed out after {self.timeout} s on page {page}") from None
            return (
                output.with_suffix(".tsv").read_text(encoding="utf-8"),
                output.with_suffix(".txt").read_text(encoding="utf-8"),
            )


@functools.lru_cache(maxsize=8)  # an engine is made per input file; ask Tesseract once
def _check_installed(lang: str, command: str) -> str:
    """Tesseract's version, or MissingProgramError naming what to install."""
    if shutil.which(command) is None:
        raise MissingProgramError(
            "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-tha)")
    try:
        version = str(pytesseract.get_tesseract_version())
        installed = set(pytesseract.get_languages(config=""))
    except TesseractNotFoundError:
        raise MissingProgramError("tesseract is not installed") from None
    missing = [code for code in lang.split("+") if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code.lower().replace('_', '-')}" for code in missing)
        raise MissingProgramError(
            f"Tesseract language data {'+'.join(missing)} is not installed "
            f"(Debian: apt-get install {packages})")
    return version


class _EnglishLibrary:
    """Tesseract's C library with English loaded once per process, for the
    e-mail crops. A Tesseract process per crop spends 0.1 s of CPU loading its
    English model, more than all the stages after OCR but the digit stage;
    the library reads a crop in 10-30 ms, the same text (the fixture scans'
    addresses read alike both ways; ``tests/test_ocr.py``). It has no
    timeout, which is why pages stay with the program: a crop is one line."""

    def __init__(self, lib: ctypes.CDLL, handle: int):
        self._lib, self._handle = lib, handle
        atexit.register(self.close)  # else Tesseract reports its caches as leaks at exit

    def read(self, image: Image.Image, psm: int) -> str:
        gray = image.convert("L")
        lib, handle = self._lib, self._handle
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetImage(handle, gray.tobytes(), gray.width, gray.height, 1, gray.width)
        text = lib.TessBaseAPIGetUTF8Text(handle)
        if not text:
            raise RuntimeError("libtesseract read nothing")
        try:
            return ctypes.string_at(text).decode("utf-8", "replace")
        finally:
            lib.TessDeleteText(text)
            lib.TessBaseAPIClear(handle)

    def close(self) -> None:
        if self._handle:
            self._lib.TessBaseAPIEnd(self._handle)
            self._lib.TessBaseAPIDelete(self._handle)
            self._handle = 0


@functools.cache
def _english_library() -> _EnglishLibrary | None:
    """The library with English loaded, or None (no libtesseract, no English
    data): then each crop is read by the command-line program."""
    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
        lib.TessBaseAPICreate.restype = ctypes.c_void_p
        lib.TessBaseAPIInit3.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        lib.TessBaseAPISetPageSegMode.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.TessBaseAPISetImage.argtypes = [ctypes.c_void_p, ctypes.c_char_p] + [ctypes.c_int] * 4
        lib.TessBaseAPIGetUTF8Text.argtypes = [ctypes.c_void_p]
        lib.TessBaseAPIGetUTF8Text.restype = ctypes.c_void_p
        for function in ("TessDeleteText", "TessBaseAPIClear", "TessBaseAPIEnd", "TessBaseAPIDelete"):
            getattr(lib, function).argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    handle = lib.TessBaseAPICreate()
    if not handle:
        return None
    if lib.TessBaseAPIInit3(handle, None, LATIN_LANG.encode()) != 0:
        lib.TessBaseAPIDelete(handle)
        return None
    return _EnglishLibrary(lib, handle)
