#!/usr/bin/env python3
"""Render the letter sources in fixtures/scans/letters/*.json to scanned-looking PDFs.

    python scripts/render_scans.py            # regenerate every fixture in fixtures/scans/
    python scripts/render_scans.py NAME ...   # only these sources (file stem)
    python scripts/render_scans.py --png DIR  # also write the clean and degraded pages as PNG
    python scripts/render_scans.py --wrap "TEXT" [--indent | --hang LABEL]
                                              # authoring aid: wrap a paragraph to the page
                                              # width and print the lines as JSON

For each source NAME.json it writes fixtures/scans/NAME.pdf (A4, 300 dpi,
grayscale JPEG page images, fixed-seed scan degradation) and
fixtures/scans/NAME.expected.json (the `expected` record of every document
in the source, plus schema_version and source.path/pages).  Output is
byte-identical from run to run on the same machine (same Pillow/libjpeg/font).

Source format (one JSON object per PDF):

    {"purpose": "...",
     "documents": [                      # in page order; one record each
       {"pages": [PAGE, ...], "expected": {<Record fields>}}]}

    PAGE = {"emblem": "garuda" | "garuda-small" | null,
            "top_cm": 5.0,               # baseline of the first line, cm from the top edge
            "lines":  [LINE, ...],       # flow from top_cm down
            "footer": [LINE, ...],       # pinned to the bottom margin (contact block)
            "stamps": [STAMP, ...]}      # receipt stamps (ตรารับ)
    LINE = {"text": "..." | [RUN, ...],
            "align": "left" | "indent" | "hang" | "centre" | "right-block" | "date" | "signature",
            "hang": "เรื่อง  ",           # align "hang": x = left margin + width of this label
            "space_before": 0.3,         # extra space above, in lines
            "same_line": true,           # draw on the previous line's baseline
            "size": 16, "bold": false, "ink": 25,   # defaults for the runs
            "scribble": 2.2}             # a handwritten signature this many lines tall
    RUN  = {"text": "...", "size": 20, "bold": true, "ink": 100, "at": 14.0}
                                         # "at": start at this x, in cm from the left edge
    STAMP = {"x_cm": 14.6, "y_cm": 1.2, "lines": ["...", ...], "ink": 110}

Alignments: left = left margin (3 cm); indent = left margin + 2.5 cm (first line of a
paragraph); right-block = a run of consecutive right-block lines, left-aligned with
each other, the widest ending at the right margin (2 cm); date = starts at 10 cm;
centre = page centre; signature = centred on x = 13 cm (right half).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fonts import thai_bold_font_path, thai_font_path, using_fallback  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "fixtures" / "scans"
SOURCES = SCANS / "letters"

DPI = 300
PAGE_W, PAGE_H = 2480, 3508  # A4 at 300 dpi
PT = DPI / 72  # pixels per point


def cm(x: float) -> int:
    return round(x * DPI / 2.54)


LEFT, RIGHT, BOTTOM = cm(3.0), PAGE_W - cm(2.0), PAGE_H - cm(2.0)
INDENT = cm(2.5)
DATE_X = cm(10.0)
SIG_CX = cm(13.0)
LINE_SPACING = 1.15  # baseline-to-baseline, in em
INK = 25  # toner is not quite black
SEED = 20250612
JPEG_QUALITY = 55
FIXED_TIME = time.struct_time((2025, 1, 1, 0, 0, 0, 2, 1, 0))  # PDF dates, for byte-identical output

RECORD_FIELDS = ["doc_type", "urgency", "secrecy", "letter_number", "date", "subject", "sender",
                 "recipients", "references", "attachments", "signatory", "contact", "receipts"]

_fonts: dict[tuple[float, bool], tuple[ImageFont.FreeTypeFont, int]] = {}


def font(size_pt: float, bold: bool) -> tuple[ImageFont.FreeTypeFont, int]:
    """(font, stroke width) for a size and weight; bold is faked with a stroke when
    the wheel has no bold face."""
    key = (size_pt, bold)
    if key not in _fonts:
        px = round(size_pt * PT)
        bold_path = thai_bold_font_path() if bold else None
        path = bold_path or thai_font_path()
        stroke = 0 if (not bold or bold_path) else max(1, round(px / 45))
        _fonts[key] = (ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.RAQM), stroke)
    return _fonts[key]


def runs_of(line: dict) -> list[dict]:
    text = line.get("text", "")
    runs = [{"text": text}] if isinstance(text, str) else text
    return [{"size": line.get("size", 16), "bold": line.get("bold", False),
             "ink": line.get("ink", INK), **r} for r in runs]


def run_width(run: dict) -> float:
    f, stroke = font(run["size"], run["bold"])
    return f.getlength(run["text"]) + 2 * stroke


def line_width(line: dict) -> float:
    return sum(run_width(r) for r in runs_of(line))


def line_size(line: dict) -> float:
    return max([r["size"] for r in runs_of(line)] or [line.get("size", 16)])


def pitch(line: dict) -> float:
    return LINE_SPACING * line_size(line) * PT


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


def draw_garuda(draw: ImageDraw.ImageDraw, cx: float, top: float, height: float, ink: int = INK) -> None:
    """A stylised Garuda silhouette (the real emblem is not reproduced)."""
    u = height / 30.0

    def P(x: float, y: float) -> tuple[float, float]:
        return (cx + x * u, top + y * u)

    draw.polygon([P(-1.5, 3), P(0, -0.2), P(1.5, 3)], fill=ink)                     # crown
    draw.ellipse([P(-2.6, 2.5), P(2.6, 7.5)], fill=ink)                             # head
    draw.polygon([P(-0.8, 6.5), P(0, 9.0), P(0.8, 6.5)], fill=ink)                  # beak
    draw.ellipse([P(-4.5, 7.5), P(4.5, 21.5)], fill=ink)                            # body
    for side in (-1, 1):
        for k in range(6):                                                         # spread wings
            deg = 165 + 19 * k                                                     # left: 165..260
            a0 = math.radians(deg if side < 0 else 180 - deg)
            a1 = a0 + math.radians(13) * (1 if side < 0 else -1)
            r = 14.5 - 1.0 * k
            sx, sy = 3.5 * side, 11
            draw.polygon([P(sx, sy), P(sx + r * math.cos(a0), sy + r * math.sin(a0)),
                          P(sx + r * math.cos(a1), sy + r * math.sin(a1))], fill=ink)
        draw.line([P(2 * side, 20), P(3 * side, 26)], fill=ink, width=max(2, round(1.4 * u)))  # legs
        draw.line([P(3 * side, 26), P(5 * side, 27)], fill=ink, width=max(2, round(1.0 * u)))
    draw.polygon([P(-3.5, 20), P(0, 29.5), P(3.5, 20)], fill=ink)                   # tail
    draw.ellipse([P(-1.6, 12), P(1.6, 15)], fill=255)                               # chest mark


def draw_scribble(draw: ImageDraw.ImageDraw, cx: float, y0: float, y1: float,
                  rng: np.random.Generator, ink: int = 60) -> None:
    """A handwritten-looking signature between baselines y0 and y1, centred on cx."""
    width = cm(4.0)
    n = 7
    xs = np.linspace(cx - width / 2, cx + width / 2, n)
    ys = rng.uniform(y0 + 0.25 * (y1 - y0), y1 - 0.1 * (y1 - y0), n)
    ts = np.linspace(0, n - 1, 160)
    px = np.interp(ts, np.arange(n), xs) + 18 * np.sin(ts * 3.1)
    py = np.interp(ts, np.arange(n), ys) + 30 * np.sin(ts * 2.3 + rng.uniform(0, 6))
    pts = [(float(x), float(y)) for x, y in zip(px, py)]
    draw.line(pts, fill=ink, width=5, joint="curve")
    draw.line([(cx - width / 3, y1 - 8), (cx + width / 2.5, y1 - 20)], fill=ink, width=4)


def draw_stamp(draw: ImageDraw.ImageDraw, stamp: dict) -> None:
    ink = stamp.get("ink", 110)
    f, _ = font(14, False)
    x0, y0 = cm(stamp["x_cm"]), cm(stamp["y_cm"])
    step = 14 * PT * 1.2
    w = max(f.getlength(t) for t in stamp["lines"]) + cm(0.6)
    h = step * len(stamp["lines"]) + cm(0.4)
    draw.rectangle([x0, y0, x0 + w, y0 + h], outline=ink, width=4)
    for i, text in enumerate(stamp["lines"]):
        draw.text((x0 + cm(0.3), y0 + cm(0.2) + step * (i + 0.85)), text, font=f, fill=ink, anchor="ls")


def line_x(line: dict, block_x: dict[int, float], i: int) -> float:
    align = line.get("align", "left")
    if align == "left":
        return LEFT
    if align == "indent":
        return LEFT + INDENT
    if align == "hang":
        return LEFT + font(line.get("size", 16), False)[0].getlength(line["hang"])
    if align == "date":
        return DATE_X
    if align == "right-block":
        return block_x[i]
    width = line_width(line)
    if align == "centre":
        return (PAGE_W - width) / 2
    if align == "signature":
        return SIG_CX - width / 2
    raise ValueError(f"unknown align {align!r}")


def draw_lines(draw: ImageDraw.ImageDraw, lines: list[dict], y: float, where: str,
               rng: np.random.Generator) -> float:
    """Draw LINES, the first on baseline Y; return the last baseline."""
    block_x: dict[int, float] = {}
    i = 0
    while i < len(lines):  # groups of consecutive right-block lines share one x
        j = i
        while j < len(lines) and lines[j].get("align") == "right-block":
            j += 1
        if j > i:
            x = RIGHT - max(line_width(ln) for ln in lines[i:j])
            block_x.update({k: x for k in range(i, j)})
        i = max(j, i + 1)
    for i, line in enumerate(lines):
        if i and not line.get("same_line"):
            y += pitch(line) * (1 + line.get("space_before", 0))
        if "scribble" in line:
            y_top = y
            y += pitch(line) * (line["scribble"] - 1)
            draw_scribble(draw, SIG_CX, y_top - pitch(line) * 0.3, y, rng)
            continue
        x = line_x(line, block_x, i)
        for run in runs_of(line):
            if "at" in run:
                x = cm(run["at"])
            f, stroke = font(run["size"], run["bold"])
            draw.text((x, y), run["text"], font=f, fill=run["ink"], anchor="ls",
                      stroke_width=stroke, stroke_fill=run["ink"])
            x += run_width(run)
        if x > RIGHT + cm(0.3) or y > BOTTOM:
            raise ValueError(f"{where}: line {i} leaves the text area: {runs_of(line)[0]['text'][:40]!r}")
    return y


def render_page(page: dict, where: str, seed: int) -> Image.Image:
    img = Image.new("L", (PAGE_W, PAGE_H), 255)
    draw = ImageDraw.Draw(img)
    rng = np.random.default_rng(seed)
    emblem = page.get("emblem")
    if emblem == "garuda":
        draw_garuda(draw, PAGE_W / 2, cm(1.5), cm(3.0))
    elif emblem == "garuda-small":
        draw_garuda(draw, LEFT + cm(0.75), cm(1.5), cm(1.5))
    for stamp in page.get("stamps", []):
        draw_stamp(draw, stamp)
    last = draw_lines(draw, page["lines"], cm(page.get("top_cm", 5.0)), where, rng)
    footer = page.get("footer", [])
    if footer:
        top = BOTTOM - sum(pitch(ln) * (1 + ln.get("space_before", 0)) for ln in footer[1:])
        if top < last + 2 * pitch(footer[0]):
            raise ValueError(f"{where}: the body runs into the footer")
        draw_lines(draw, footer, top, where, rng)
    return img


def degrade(img: Image.Image, seed: int) -> Image.Image:
    """Mild scanner look: skew up to 0.5 degree, paper tone, sensor noise and dust, blur."""
    rng = np.random.default_rng(seed)
    img = img.rotate(float(rng.uniform(-0.5, 0.5)), resample=Image.Resampling.BICUBIC, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    a = 243 - (255 - a) * (243 - 18) / 255  # paper is not white, toner not black
    a += rng.normal(0, 3.0, a.shape).astype(np.float32)
    n = 150  # dust specks
    ys, xs = rng.integers(0, PAGE_H - 3, n), rng.integers(0, PAGE_W - 3, n)
    for y, x, s in zip(ys, xs, rng.integers(1, 4, n)):
        a[y:y + s, x:x + s] -= 120
    img = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8), "L")
    return img.filter(ImageFilter.GaussianBlur(0.6))  # optics: softens glyphs and noise alike


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


def render_source(src: Path, png_dir: Path | None = None) -> tuple[Path, Path, int]:
    name = src.stem
    data = json.loads(src.read_text(encoding="utf-8"))
    pages: list[Image.Image] = []
    records = []
    for d, doc in enumerate(data["documents"]):
        expected = doc["expected"]
        if list(expected) != RECORD_FIELDS:
            raise ValueError(f"{src.name} document {d}: expected fields must be, in order, {RECORD_FIELDS}")
        numbers = []
        for page in doc["pages"]:
            number = len(pages) + 1
            seed = SEED + zlib.crc32(name.encode()) + number
            clean = render_page(page, f"{src.name} page {number}", seed)
            scan = degrade(clean, seed)
            if png_dir is not None:
                clean.save(png_dir / f"{name}-{number}.clean.png")
                scan.save(png_dir / f"{name}-{number}.png")
            pages.append(scan)
            numbers.append(number)
        records.append({"schema_version": "1",
                        "source": {"path": f"fixtures/scans/{name}.pdf", "pages": numbers},
                        **expected})
    pdf = SCANS / f"{name}.pdf"
    pages[0].save(pdf, "PDF", save_all=True, append_images=pages[1:], resolution=float(DPI),
                  quality=JPEG_QUALITY, optimize=True, title=name,
                  creationDate=FIXED_TIME, modDate=FIXED_TIME)
    out = SCANS / f"{name}.expected.json"
    out.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return pdf, out, len(pages)


def wrap(text: str, first_x: float, width: float = RIGHT - LEFT, size: float = 16) -> list[str]:
    """Break TEXT into lines that fit WIDTH px (the first starts FIRST_X px in).

    Breaks at spaces or between two Thai words (pythainlp newmm), never before a
    digit or punctuation, so numbers and letter numbers stay whole.
    """
    os.environ["PYTHAINLP_OFFLINE"] = "1"
    from pythainlp.tokenize import word_tokenize

    f, _ = font(size, False)

    def thai(ch: str) -> bool:
        return "\u0e01" <= ch <= "\u0e4e" and ch not in "\u0e2f\u0e46"  # not ฯ ๆ

    chunks: list[str] = []
    for tok in word_tokenize(text, engine="newmm", keep_whitespace=True):
        if chunks and not (tok.isspace() or chunks[-1].endswith(" ")
                           or (thai(chunks[-1][-1]) and thai(tok[0]) and tok[0] not in "ะัาำิีึืุู็่้๊๋์")):
            chunks[-1] += tok
        else:
            chunks.append(tok)
    lines, cur, avail = [], "", width - first_x
    for chunk in chunks:
        if cur.strip() and f.getlength((cur + chunk).rstrip()) > avail:
            lines.append(cur.strip())
            cur, avail = chunk.lstrip(), width
        else:
            cur += chunk
    lines.append(cur.strip())
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="source file stems (default: all)")
    ap.add_argument("--png", type=Path, help="also write page PNGs (clean and degraded) here")
    ap.add_argument("--wrap", help="print TEXT wrapped to the page width, as JSON lines")
    ap.add_argument("--indent", action="store_true", help="--wrap: first line is a paragraph indent")
    ap.add_argument("--hang", help="--wrap: every line starts after this label (e.g. 'เรื่อง  ')")
    args = ap.parse_args(argv)

    if args.wrap:
        off = font(16, False)[0].getlength(args.hang) if args.hang else 0
        first = INDENT if args.indent else 0
        for line in wrap(args.wrap, first, RIGHT - LEFT - off):
            print(json.dumps(line, ensure_ascii=False))
        return 0

    sources = sorted(SOURCES.glob("*.json"))
    if args.names:
        sources = [s for s in sources if s.stem in args.names]
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
    font(16, False)  # fetch the font (or warn about the fallback) before timing
    if using_fallback():
        print("warning: rendering with the TLWG fallback font: the output will differ from the "
              "committed fixtures (rendered with TH Sarabun New)", file=sys.stderr)
    for src in sources:
        t0 = time.perf_counter()
        pdf, out, n = render_source(src, args.png)
        print(f"{pdf.relative_to(ROOT)}: {n} page(s), {pdf.stat().st_size // 1024} KiB, "
              f"{time.perf_counter() - t0:.1f} s; {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
