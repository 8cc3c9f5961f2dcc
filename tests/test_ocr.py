"""OCR stage (pipeline/ocr): inputs, errors, engines, TSV -> text, replay.

Tests marked ``tesseract`` run the real Tesseract/poppler (skipped without
them, see conftest.py). The recorded fixture in fixtures/ocr/ is rebuilt with
``python tests/test_ocr.py --record`` (needs Tesseract and the tlwg fonts).
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

import pipeline.ocr.poppler as poppler
import pipeline.ocr.tesseract as tesseract_module
from pipeline.errors import (
    CorruptPdfError,
    EmptyInputError,
    EncryptedPdfError,
    ImageTooLargeError,
    InputNotFoundError,
    MissingProgramError,
    OcrError,
    UnreadableImageError,
)
from pipeline.models import OcrPage
from pipeline.ocr import get_engine, page_images, read_pages, record_tsv
from pipeline.ocr.images import MAX_PAGE_PIXELS, image_pages, ocr_ready
from pipeline.ocr.tsv import page_from_tsv

OCR_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ocr"
PARAGRAPH_STEM = "thai-paragraph"
FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")  # TLWG's TH Sarabun

# A short letter in the government style: spaces only between phrases.
PARAGRAPH = (
    "ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓",
    "เรื่อง ขอเชิญประชุมคณะกรรมการพัฒนาจังหวัด",
    "เรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด",
    "ด้วยกระทรวงมหาดไทยกำหนดจัดการประชุม เพื่อติดตามผลการดำเนินงาน",
    "ตามแผนพัฒนาจังหวัด ในวันที่ ๑๕ มกราคม ๒๕๖๗ ณ ห้องประชุม",
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณาดำเนินการต่อไป",
)


def render_lines(lines=PARAGRAPH, *, dpi: int = 300, width: int = 2480) -> Image.Image:
    """Lines of Thai in a Sarabun-like font at 16 pt, as a letter prints them."""
    if not FONT.exists():
        pytest.skip(f"font not installed: {FONT} (fonts-thai-tlwg-ttf)")
    size = round(16 / 72 * dpi)
    font = ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.RAQM)
    step, margin = round(size * 1.5), 150
    image = Image.new("L", (width, 2 * margin + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((margin, margin + index * step), line, font=font, fill=0)
    return image


def space_f1(ocr_lines: list[str], truth_lines: list[str]) -> float:
    """F1 of space positions, counted in the space-free text so that a
    misread character does not shift every later space."""
    tp = fp = fn = 0
    for ocr, truth in zip(ocr_lines, truth_lines, strict=True):
        matcher = difflib.SequenceMatcher(None, ocr.replace(" ", ""), truth.replace(" ", ""), autojunk=False)
        to_truth = {}
        for a, b, size in matcher.get_matching_blocks():
            for i in range(size + 1):
                to_truth.setdefault(a + i, b + i)
        found = {to_truth.get(p) for p in _space_positions(ocr)}
        expected = _space_positions(truth)
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
    return 2 * tp / (2 * tp + fp + fn)


def _space_positions(text: str) -> set[int]:
    positions, index = set(), 0
    for char in text:
        if char in " \t":
            positions.add(index)
        else:
            index += 1
    return positions


def tsv_row(level, block, par, line, word, left, top, width, height, conf, text=""):
    return "\t".join(str(v) for v in (level, 1, block, par, line, word, left, top, width, height, conf, text))


HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


# --------------------------------------------------------------------------
# TSV -> OcrPage (no binaries)
# --------------------------------------------------------------------------

# Two paragraphs; line 1 is "ที่ มท" split by Tesseract into ที่|ม|ท, then a
# wide gap (a column) before "ชุด"; paragraph 2 is one line "กรม ฯ".
SAMPLE_TSV = "\n".join([
    HEADER,
    tsv_row(1, 0, 0, 0, 0, 0, 0, 1000, 500, -1),
    tsv_row(4, 1, 1, 1, 0, 10, 10, 900, 100, -1),
    tsv_row(5, 1, 1, 1, 1, 10, 10, 40, 100, 91.5, "ที่"),
    tsv_row(5, 1, 1, 1, 2, 90, 20, 30, 80, 95.0, "ม"),
    tsv_row(5, 1, 1, 1, 3, 122, 20, 30, 80, 94.0, "ท"),
    tsv_row(5, 1, 1, 1, 4, 700, 20, 60, 80, 90.0, "ชุด"),
    tsv_row(5, 1, 1, 1, 5, 770, 20, 10, 80, -1, " "),  # empty word: dropped
    tsv_row(4, 1, 2, 1, 0, 10, 200, 300, 100, -1),
    tsv_row(5, 1, 2, 1, 1, 10, 200, 80, 100, 88.0, "กรม"),
    tsv_row(5, 1, 2, 1, 2, 120, 200, 20, 100, 70.0, "ฯ"),
]) + "\n"
SAMPLE_PLAIN_TEXT = "ที่ มท                      ชุด\n\nกรม ฯ\n\f"


def page_of(tsv, plain_text):
    return page_from_tsv(tsv, plain_text, number=3, width=1000, height=500, dpi=300, engine="test")


def test_page_text_takes_spaces_from_tesseract_plain_text():
    page = page_of(SAMPLE_TSV, SAMPLE_PLAIN_TEXT)
    # Spaces where Tesseract's own text has them (not between ม and ท),
    # a tab for the column-wide gap, a blank line between paragraphs.
    assert page.text == "ที่ มท\tชุด\n\nกรม ฯ"
    assert [w.text for w in page.words] == ["ที่", "ม", "ท", "ชุด", "กรม", "ฯ"]
    first = page.words[0]
    assert (first.left, first.top, first.width, first.height, first.conf) == (10, 10, 40, 100, 91.5)
    assert (first.block, first.par, first.line) == (1, 1, 1)
    assert (page.number, page.width, page.height, page.dpi, page.engine) == (3, 1000, 500, 300, "test")


def test_page_text_falls_back_to_box_gaps_without_plain_text():
    # Gaps: ที่->ม 40 px, ม->ท 2 px, ท->ชุด 548 px, กรม->ฯ 30 px; line height 100.
    # Space above 0.25 line heights, tab from 2.5.
    assert page_of(SAMPLE_TSV, None).text == "ที่ มท\tชุด\n\nกรม ฯ"
    # A plain text that does not match the TSV is ignored line by line.
    assert page_of(SAMPLE_TSV, "something else\n").text == "ที่ มท\tชุด\n\nกรม ฯ"


def test_lines_of_one_paragraph_are_separated_by_a_newline():
    tsv = "\n".join([
        HEADER,
        tsv_row(5, 1, 1, 1, 1, 10, 10, 50, 40, 90, "หนึ่ง"),
        tsv_row(5, 1, 1, 2, 1, 10, 60, 50, 40, 90, "สอง"),
        tsv_row(5, 2, 1, 1, 1, 10, 300, 50, 40, 90, "สาม"),
    ])
    assert page_of(tsv, "หนึ่ง\nสอง\n\nสาม\n").text == "หนึ่ง\nสอง\n\nสาม"
    assert page_of(HEADER + "\n", "").text == ""


@pytest.mark.parametrize("row", [
    "5\t1\t1\t1\t1\t1\t10\t10",  # too few columns
    tsv_row(5, 1, 1, 1, 1, "x", 10, 10, 10, 90, "ก"),  # not a number
])
def test_malformed_tsv_is_an_ocr_error(row):
    with pytest.raises(OcrError, match="malformed Tesseract TSV, row 2"):
        page_of(HEADER + "\n" + row + "\n", None)


# --------------------------------------------------------------------------
# Engines (no binaries)
# --------------------------------------------------------------------------


def test_unknown_engine_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="known engines: replay, tesseract"):
        get_engine("abbyy")


def test_missing_tesseract_is_a_missing_program_error(monkeypatch):
    monkeypatch.setattr(tesseract_module.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(MissingProgramError, match="tesseract is not installed") as caught:
        get_engine("tesseract")
    assert caught.value.exit_code == 4


@pytest.fixture
def fake_tesseract(monkeypatch):
    """A TesseractEngine whose Tesseract is a stand-in writing SAMPLE_TSV."""
    monkeypatch.setattr(tesseract_module, "_check_installed", lambda lang, command: "0.test")
    calls = []

    def run_tesseract(input_filename, output_filename_base, extension, lang, config, nice=0, timeout=0):
        calls.append({"omp": os.environ.get("OMP_THREAD_LIMIT"), "config": config,
                      "timeout": timeout, "lang": lang, "image": Image.open(input_filename).mode})
        Path(output_filename_base + ".tsv").write_text(SAMPLE_TSV, encoding="utf-8")
        Path(output_filename_base + ".txt").write_text(SAMPLE_PLAIN_TEXT, encoding="utf-8")

    monkeypatch.setattr(tesseract_module.pytesseract.pytesseract, "run_tesseract", run_tesseract)
    return calls


def test_tesseract_engine_builds_the_page_from_one_run(fake_tesseract, monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    engine = get_engine("tesseract")
    page = engine.recognise(Image.new("RGB", (1000, 500), "white"), page=2, dpi=200)
    assert page.text == "ที่ มท\tชุด\n\nกรม ฯ"
    assert (page.number, page.width, page.height, page.dpi) == (2, 1000, 500, 200)
    assert page.engine == "tesseract 0.test tha psm4"
    [call] = fake_tesseract
    assert call["omp"] == "1"  # the default reached Tesseract's environment
    assert call["lang"] == "tha" and call["timeout"] == 120
    assert "--psm 4 --dpi 200" in call["config"] and "preserve_interword_spaces=1" in call["config"]
    assert call["image"] == "L"  # colour greyed before Tesseract


def test_omp_thread_limit_from_environment_or_option(fake_tesseract, monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    get_engine("tesseract").recognise(Image.new("L", (100, 100), 255), page=1, dpi=300)
    get_engine("tesseract", omp_thread_limit=3).recognise(Image.new("L", (100, 100), 255), page=1, dpi=300)
    assert [call["omp"] for call in fake_tesseract] == ["2", "3"]


@pytest.mark.parametrize("raised, expected, message", [
    (lambda: tesseract_module.TesseractError(1, "Error in pixReadStream"), OcrError,
     "failed on page 7 .*pixReadStream"),
    (lambda: RuntimeError("Tesseract process timeout"), OcrError, "timed out after 120 s on page 7"),
    (lambda: tesseract_module.TesseractNotFoundError(), MissingProgramError, "not installed"),
])
def test_tesseract_failures_are_mapped(monkeypatch, raised, expected, message):
    monkeypatch.setattr(tesseract_module, "_check_installed", lambda lang, command: "0.test")

    def run_tesseract(*args, **kwargs):
        raise raised()

    monkeypatch.setattr(tesseract_module.pytesseract.pytesseract, "run_tesseract", run_tesseract)
    with pytest.raises(expected, match=message):
        get_engine("tesseract").recognise(Image.new("L", (100, 100), 255), page=7, dpi=300)


def test_replay_engine_errors(tmp_path):
    with pytest.raises(InputNotFoundError):
        get_engine("replay", directory=tmp_path / "absent")
    engine = get_engine("replay", directory=tmp_path)
    with pytest.raises(OcrError, match="no input bound"):
        engine.recognise(None, page=1, dpi=300)
    with pytest.raises(OcrError, match=r"no recorded OCR for page 4: .*scan\.p4\.tsv is missing"):
        engine.for_source(Path("in/scan.pdf")).recognise(None, page=4, dpi=300)
    (tmp_path / "scan.p1.tsv").write_text(HEADER + "\n", encoding="utf-8")
    (tmp_path / "scan.p1.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(OcrError, match="unusable recording of page 1"):
        engine.for_source(Path("scan.png")).recognise(None, page=1, dpi=300)


def test_replay_of_the_recorded_fixture_equals_what_was_recorded():
    expected = [OcrPage.model_validate(page) for page in
                json.loads((OCR_FIXTURES / f"{PARAGRAPH_STEM}.expected.json").read_text(encoding="utf-8"))]
    engine = get_engine("replay", directory=OCR_FIXTURES)
    replayed = list(read_pages(OCR_FIXTURES / f"{PARAGRAPH_STEM}.png", engine=engine, image_stages=False))
    assert replayed == expected
    [page] = replayed
    assert page.number == 1 and page.dpi == 300 and page.engine.startswith("tesseract ")
    lines = [line for line in page.text.split("\n") if line]
    assert len(lines) == len(PARAGRAPH)
    assert space_f1(lines, list(PARAGRAPH)) >= 0.9  # recorded at 1.0
    assert "กระทรวงมหาดไทย" in page.text


# --------------------------------------------------------------------------
# Image inputs (no binaries)
# --------------------------------------------------------------------------


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that declares width x height pixels and holds none: Pillow reads
    the size from the header, so no test allocates the pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    return path


def test_image_input_errors(tmp_path):
    cases = {
        "missing.png": (InputNotFoundError, "not found"),
        "empty.png": (EmptyInputError, "empty"),
        "text.png": (UnreadableImageError, "not a readable image"),
        "truncated.png": (UnreadableImageError, "cannot decode page 1"),
        "dot.png": (UnreadableImageError, r"only 1x1 pixels, too small"),
        "strip.png": (UnreadableImageError, r"only 15x400 pixels"),
        "huge.png": (ImageTooLargeError, "exceeds limit|over the limit"),  # Pillow's error band (> 2x)
        "large.png": (ImageTooLargeError, "exceeds limit|over the limit"),  # Pillow's warning band
    }
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "text.png").write_text("<html>not an image</html>", encoding="utf-8")
    Image.effect_noise((400, 400), 64).save(tmp_path / "full.png")
    data = (tmp_path / "full.png").read_bytes()
    (tmp_path / "truncated.png").write_bytes(data[: len(data) // 2])
    Image.new("L", (1, 1), 255).save(tmp_path / "dot.png")
    Image.new("L", (15, 400), 255).save(tmp_path / "strip.png")
    png_header_only(tmp_path / "huge.png", 20_000, 20_001)
    png_header_only(tmp_path / "large.png", 15_000, 15_000)
    assert MAX_PAGE_PIXELS < 15_000 * 15_000 < 2 * MAX_PAGE_PIXELS < 20_000 * 20_001
    for name, (error, message) in cases.items():
        with pytest.raises(error, match=message) as caught:
            list(image_pages(tmp_path / name, default_dpi=300))
        assert caught.value.path == str(tmp_path / name), name


def test_tiff_frames_are_pages_with_their_own_dpi(tmp_path):
    frames = [Image.new("L", (300 + 10 * i, 200), 255) for i in range(3)]
    frames[0].save(tmp_path / "scan.tif", save_all=True, append_images=frames[1:], dpi=(200, 200))
    pages = list(page_images(tmp_path / "scan.tif", dpi=300))
    assert [(number, image.size, dpi) for number, image, dpi in pages] == [
        (1, (300, 200), 200), (2, (310, 200), 200), (3, (320, 200), 200)]


def test_image_dpi_falls_back_when_absent_or_implausible(tmp_path):
    Image.new("L", (100, 100), 255).save(tmp_path / "plain.png")
    Image.new("L", (100, 100), 255).save(tmp_path / "junk.png", dpi=(1, 1))
    Image.new("RGB", (100, 100), "white").save(tmp_path / "photo.jpg", dpi=(400, 400))
    assert [dpi for _, _, dpi in page_images(tmp_path / "plain.png", dpi=250)] == [250]
    assert [dpi for _, _, dpi in page_images(tmp_path / "junk.png", dpi=250)] == [250]
    assert [dpi for _, _, dpi in page_images(tmp_path / "photo.jpg", dpi=250)] == [400]


def test_ocr_ready_greys_and_flattens_transparency_on_white():
    clear = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    clear.putpixel((5, 5), (0, 0, 0, 255))
    grey = ocr_ready(clear)
    assert grey.mode == "L" and grey.getpixel((0, 0)) == 255 and grey.getpixel((5, 5)) == 0
    deep = Image.new("I;16", (20, 20), 1000)
    deep.putpixel((1, 1), 3000)
    scaled = ocr_ready(deep)
    assert scaled.getpixel((0, 0)) == 0 and scaled.getpixel((1, 1)) == 255  # not clipped to white


# --------------------------------------------------------------------------
# PDF inputs: checks made before poppler runs (no binaries)
# --------------------------------------------------------------------------


def test_pdf_missing_and_empty(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(EmptyInputError) as caught:
        list(page_images(tmp_path / "empty.pdf"))
    assert caught.value.exit_code == 11
    with pytest.raises(InputNotFoundError) as caught:
        list(page_images(tmp_path / "absent.pdf"))
    assert caught.value.exit_code == 10


def test_missing_poppler_is_a_missing_program_error(tmp_path, monkeypatch):
    Image.new("L", (100, 100), 255).save(tmp_path / "one.pdf")
    monkeypatch.setattr(poppler.shutil, "which", lambda program: None)
    with pytest.raises(MissingProgramError, match="pdfinfo"):
        list(page_images(tmp_path / "one.pdf"))


# --------------------------------------------------------------------------
# With the real Tesseract and poppler
# --------------------------------------------------------------------------


def thai_pdf(path: Path, pages: list[tuple[str, ...]]) -> Path:
    images = [render_lines(lines, width=1240) for lines in pages]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)
    return path


@pytest.mark.tesseract
def test_thai_words_are_spaced_as_printed(tmp_path):
    page = get_engine("tesseract").recognise(render_lines(), page=1, dpi=300)
    lines = [line for line in page.text.split("\n") if line]
    assert len(lines) == len(PARAGRAPH)
    # Measured 0.95-0.98 on 36 rendered letter pages; a box-gap rule gets 0.72.
    assert space_f1(lines, list(PARAGRAPH)) >= 0.85
    assert len(page.words) > 3 * sum(line.count(" ") + 1 for line in PARAGRAPH)  # TSV splits finer
    assert all(0 <= word.conf <= 100 for word in page.words)


@pytest.mark.tesseract
def test_blank_page_gives_empty_text():
    page = get_engine("tesseract").recognise(Image.new("L", (800, 600), 255), page=5, dpi=300)
    assert (page.text, page.words, page.number, page.width) == ("", [], 5, 800)


@pytest.mark.tesseract
def test_record_then_replay_gives_the_same_pages(tmp_path):
    render_lines().save(tmp_path / "para.png", dpi=(300, 300))
    recorded = record_tsv(tmp_path / "para.png", get_engine("tesseract"), tmp_path / "rec")
    written = sorted(p.name for p in (tmp_path / "rec").iterdir())
    assert written == ["para.p1.json", "para.p1.tsv", "para.p1.txt"]
    meta = json.loads((tmp_path / "rec" / "para.p1.json").read_text(encoding="utf-8"))
    assert meta == {"page": 1, "width": 2480, "height": recorded[0].height, "dpi": 300,
                    "engine": recorded[0].engine, "source": "para.png", "latin": []}
    replay = get_engine("replay", directory=tmp_path / "rec")
    replayed = list(read_pages(tmp_path / "para.png", engine=replay, image_stages=False))
    assert replayed == recorded and "จังหวัด" in replayed[0].text


@pytest.mark.tesseract
def test_pdf_is_read_one_page_at_a_time(tmp_path, monkeypatch):
    pdf = thai_pdf(tmp_path / "two.pdf", [PARAGRAPH[:3], PARAGRAPH[3:]])
    calls = []
    real = poppler.subprocess.run

    def spy(command, *args, **kwargs):
        if command[0] == "pdftoppm":
            calls.append((int(command[command.index("-f") + 1]), int(command[command.index("-l") + 1])))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(poppler.subprocess, "run", spy)
    pages = read_pages(pdf, engine=get_engine("tesseract"), dpi=150)
    first = next(pages)
    assert calls == [(1, 1)]  # page 2 not rasterised yet
    second = next(pages)
    assert calls == [(1, 1), (2, 2)] and list(pages) == []
    assert (first.number, second.number) == (1, 2)
    assert (first.dpi, first.width) == (150, 620)  # 1240 px at 300 dpi is 620 at 150
    assert "มท" in first.text and "มหาดไทย" in second.text


@pytest.mark.tesseract
def test_pdf_failures(tmp_path):
    good = thai_pdf(tmp_path / "good.pdf", [PARAGRAPH[:1]])
    (tmp_path / "page.pdf").write_text("<!DOCTYPE html><html>Sign in</html>", encoding="utf-8")
    (tmp_path / "cut.pdf").write_bytes(good.read_bytes()[:400])
    for name in ("page.pdf", "cut.pdf"):
        with pytest.raises(CorruptPdfError, match="not a readable PDF") as caught:
            list(page_images(tmp_path / name))
        assert caught.value.exit_code == 12 and caught.value.path == str(tmp_path / name)
    # A page whose MediaBox is 200 x 200 inches is refused before pdftoppm runs.
    Image.new("L", (100, 100), 255).save(tmp_path / "poster.pdf", resolution=0.5)
    with pytest.raises(ImageTooLargeError, match="60000x60000 pixels at 300 dpi"):
        list(page_images(tmp_path / "poster.pdf", dpi=300))


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed (needed to encrypt a test PDF)")
def test_encrypted_pdf(tmp_path):
    good = thai_pdf(tmp_path / "good.pdf", [PARAGRAPH[:1]])
    encrypt = ["qpdf", "--encrypt"]
    subprocess.run([*encrypt, "user-pw", "owner-pw", "256", "--", good, tmp_path / "locked.pdf"], check=True)
    subprocess.run([*encrypt, "", "owner-pw", "256", "--", good, tmp_path / "owner.pdf"], check=True)
    with pytest.raises(EncryptedPdfError, match="needs a password") as caught:
        list(page_images(tmp_path / "locked.pdf"))
    assert caught.value.exit_code == 13
    # Only an owner password (printing/copying limits): opens without one.
    assert [number for number, _, _ in page_images(tmp_path / "owner.pdf")] == [1]


@pytest.mark.tesseract
def test_tesseract_timeout_and_missing_language():
    engine = get_engine("tesseract", timeout=0.01)
    with pytest.raises(OcrError, match="timed out after 0.01 s on page 1") as caught:
        engine.recognise(render_lines(), page=1, dpi=300)
    assert caught.value.exit_code == 16
    with pytest.raises(MissingProgramError, match="language data zzz .*tesseract-ocr-zzz"):
        get_engine("tesseract", lang="tha+zzz")


def _record_fixture() -> None:
    """Re-render and re-record fixtures/ocr/ (run by hand; see module doc)."""
    OCR_FIXTURES.mkdir(parents=True, exist_ok=True)
    image_path = OCR_FIXTURES / f"{PARAGRAPH_STEM}.png"
    render_lines().save(image_path, dpi=(300, 300), optimize=True)
    pages = record_tsv(image_path, get_engine("tesseract"), OCR_FIXTURES)
    expected = [page.model_dump() for page in pages]
    (OCR_FIXTURES / f"{PARAGRAPH_STEM}.expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(pages[0].text)


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    _record_fixture()


@pytest.mark.tesseract
def test_email_addresses_are_read_again_in_english():
    # with "tha" alone the address comes out as Thai-looking junk
    image = render_lines(("โทร. ๐ ๒๒๔๑ ๙๐๐๐ ต่อ ๔๐๔", "ไปรษณีย์อิเล็กทรอนิกส์ saraban@dla.go.th"))
    engine = get_engine("tesseract")
    page = engine.recognise(image, page=1, dpi=300)
    assert "saraban@dla.go.th" in page.text
    assert engine.lang == "tha"


def test_a_number_tesseract_read_an_at_sign_into_is_no_address():
    from pipeline.models import OcrWord
    from pipeline.ocr.latin import at_tokens

    # TH Garuda's "๐๓๑๙.๗/๒" read "๐๓๑ณ.@ซ/๒" on an office scan: English read the crop
    # "omn@e.cia", which took the letter number's place
    words = [OcrWord(text=t, conf=90, left=40 * i, top=10, width=30, height=30, block=1, par=1, line=1)
             for i, t in enumerate(["ที่", "อว", "๐๓๑ณ.@ซ/๒", "|ฝา๐กแล๑ท@ส๐ล6.6๐.ป่า"])]
    page = OcrPage(number=1, width=200, height=60, dpi=300, text="ที่ อว ๐๓๑ณ.@ซ/๒ |ฝา๐กแล๑ท@ส๐ล6.6๐.ป่า",
                   words=words, engine="test")
    assert [token for token, _ in at_tokens(page)] == ["|ฝา๐กแล๑ท@ส๐ล6.6๐.ป่า"]


@pytest.mark.tesseract
def test_email_crops_read_through_the_library_as_the_program_reads_them(monkeypatch):
    """The e-mail re-read goes through libtesseract (English loaded once per
    process); on every scan fixture page it finds the addresses recorded from
    the command-line program, and so does the program when the library is off."""
    scans = OCR_FIXTURES.parent / "scans"
    engine = get_engine("tesseract")
    recorded, checked = {}, 0
    for meta_path in sorted((OCR_FIXTURES / "scans").glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta["latin"]:
            recorded[(meta["source"], meta["page"])] = [tuple(pair) for pair in meta["latin"]]
    assert len(recorded) >= 4
    for (source, number), substitutions in recorded.items():
        stem = f"{Path(source).stem}.p{number}"
        _, image, dpi = next(page_images(scans / source, pages=[number]))
        raw = page_from_tsv((OCR_FIXTURES / "scans" / f"{stem}.tsv").read_text(encoding="utf-8"),
                            (OCR_FIXTURES / "scans" / f"{stem}.txt").read_text(encoding="utf-8"),
                            number=number, width=image.width, height=image.height, dpi=dpi, engine="recorded")
        assert tesseract_module._english_library() is not None
        assert engine.reread_latin(raw, image) == substitutions
        checked += 1
        if checked == 1:  # the command-line path, once (a process per crop is slow)
            monkeypatch.setattr(tesseract_module, "_english_library", lambda: None)
            assert engine.reread_latin(raw, image) == substitutions
            monkeypatch.undo()
    assert checked == len(recorded)
