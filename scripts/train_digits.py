#!/usr/bin/env python3
"""Train the glyph classifier of the digit stage (pipeline/ocr/digits.py).

    python scripts/train_digits.py            # writes pipeline/data/digit_pairs.npz
    python scripts/train_digits.py --lines 40 --epochs 10 --seeds 1 --out /tmp/m.npz

What it builds today is the stage's referee (``digits.REFEREE_PATH``), which
settles the model's lookalike pairs (``digits.REFEREED_PAIRS``). The model
itself, ``pipeline/data/digit_model.npz``, is what this script built at commit
339c655: run there (``git worktree add /tmp/m 339c655``), it rebuilds the file
byte for byte (one seed, no FAX_LINES, and the piece of a broken digit that
held its centre trained on as the digit). The segmentation has changed since,
so this script no longer rebuilds it, and the stage's rules are tuned to its
readings: retrained as a whole, it read office letter numbers worse (see
digits.py).

Deterministic (fixed seeds), numpy + scipy + Pillow only, no network (the
government fonts come from the font cache that ``scripts/fonts.py`` fills from
the odoo-addon-l10n-th-fonts wheel; set THAI_CIRCULARS_FONT_WHEEL to a local
copy of the wheel; a font that cannot be had is skipped with a warning).

Data: synthetic text lines mixing Thai words (from fixtures/seeds) with
letter numbers, dates, quantities and phone numbers in Thai and Arabic
digits, rendered in TRAIN_FONTS at 14-20 pt, at 300 dpi (and 200 dpi for the
fax look, 35% of the lines, and FAX_LINES more fax lines of the government
fonts), degraded at random (rotation, blur, noise, JPEG,
stroke weight, speckle; faxes binarised at a threshold drawn more widely than
the benchmark's, so strokes break and thicken), then cut into glyphs by the
stage's own segmentation (pipeline/ocr/digits_glyphs.py) and labelled from
the known character positions. Glyphs the stage itself rebuilds are trained
on as it rebuilds them: two pieces of a broken digit joined
(``digits.merge_broken``) and touching digits cut apart
(``digits.split_touching``); the pieces of a broken character are not
trained on (``label_glyphs``).
HELD_OUT_FONTS are never trained on (bench_digits.py measures them).

Model: one-hidden-layer MLPs (ReLU, softmax) on the glyph features, trained
with Adam, one per seed in SEEDS, each on data of its own, folded into one
MLP that averages their logits (``fold_ensemble``); saved as a small .npz
(weights in float16). About 3 minutes a member on this machine (2 cores).
"""

from __future__ import annotations

import argparse
import io
import math
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

from pipeline.ocr.classifier import GlyphClassifier  # noqa: E402
from pipeline.ocr.digits_glyphs import (  # noqa: E402
    CLASSES, OTHER, THAI_DIGITS, Line, glyph_features, segment_line,
)
from pipeline.textutil import MONTHS, MONTHS_SHORT  # noqa: E402

TLWG = Path("/usr/share/fonts/truetype/tlwg")
TRAIN_FONTS = [
    "THSarabunNew", "THSarabun", "THKoHo", "THKrub", "THBaijam", "THChakraPetch",
    "THFahkwang", "THK2DJuly8", "THKodchasal",
    "tlwg:Laksaman", "tlwg:Garuda", "tlwg:Loma", "tlwg:Norasi", "tlwg:Kinnari",
    "tlwg:Umpush", "tlwg:Sawasdee", "tlwg:Waree", "tlwg:TlwgTypo", "tlwg:Laksaman-Bold",
    # more shapes of the digits: looped script, decorative, hand-drawn, bold and slanted cuts
    "THCharmonman", "THSrisakdi", "tlwg:Purisa", "tlwg:Kinnari-Italic", "tlwg:Norasi-Bold",
    "tlwg:Garuda-Bold", "tlwg:TlwgTypist", "tlwg:Umpush-Light", "tlwg:Loma-Oblique",
]
HELD_OUT_FONTS = ["THNiramitAS"]  # never trained on
# Circulars are printed in the government's fonts (TH Sarabun PSK, and TH
# Sarabun New since 2010), and a fax's threshold breaks their thin strokes
# more than any other font's: these more lines of each, all faxes
FAX_LINES = {"THSarabunNew": 600, "THSarabun": 300}
# one ensemble member per seed (see fold_ensemble)
SEEDS = (20250704, 1234)
DEFAULT_OUT = ROOT / "pipeline" / "data" / "digit_pairs.npz"

# a glyph holding no character's centre, at least this many x-heights tall,
# inside a character's columns is a piece of it (not speckle): see label_glyphs
PIECE_HEIGHT = 0.35

PREFIXES = ["มท", "สธ", "ศธ", "กค", "นร", "พย", "ชม", "ลป", "อว", "กษ", "รง", "ทส", "คค", "พณ", "ยธ"]
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)


def font_path(name: str) -> Path | None:
    if name.startswith("tlwg:"):
        path = TLWG / f"{name[5:]}.ttf"
        return path if path.is_file() else None
    from fonts import _cached, fetch_fonts  # scripts/fonts.py

    path = _cached(name, bold=False)
    if path is None:
        try:
            fetch_fonts(name)
        except Exception as exc:  # noqa: BLE001 - any failure: skip the font
            print(f"warning: font {name} unavailable ({exc}); skipped", file=sys.stderr)
            return None
        path = _cached(name, bold=False)
    return path


def thai_words() -> list[str]:
    words: set[str] = set()
    for seed in sorted((ROOT / "fixtures" / "seeds").glob("*.txt")):
        for word in re.findall(r"[\u0e01-\u0e4e]+", seed.read_text(encoding="utf-8")):
            if not re.search("[๐-๙]", word) and 2 <= len(word) <= 14:
                words.add(word)
    return sorted(words) or ["ประชุม", "จังหวัด", "หนังสือ"]


# --------------------------------------------------------------------------
# Random fields (shared with bench_digits.py)
# --------------------------------------------------------------------------


def digits(rng: np.random.Generator, n: int, *, lead_zero: bool = False) -> str:
    s = "".join(str(d) for d in rng.integers(0, 10, n))
    if not lead_zero and n > 1 and s[0] == "0":
        s = str(rng.integers(1, 10)) + s[1:]
    return s


def letter_number(rng: np.random.Generator) -> tuple[str, str]:
    """(printed with Arabic digits, normalised) e.g. ('ที่ มท 0207.5/ว 8603', 'มท 0207.5/ว 8603')."""
    prefix = PREFIXES[rng.integers(len(PREFIXES))]
    unit = "0" + digits(rng, 3, lead_zero=True)
    if rng.random() < 0.6:
        unit += "." + str(rng.integers(1, 10))
    if rng.random() < 0.15:
        unit += "." + str(rng.integers(1, 10))
    seq = str(rng.integers(1, 10 ** int(rng.integers(1, 5))))
    circular = rng.random() < 0.4
    normalised = f"{prefix} {unit}/{'ว ' if circular else ''}{seq}"
    return f"ที่ {normalised}", normalised


def thai_date(rng: np.random.Generator) -> tuple[str, str]:
    """(printed, iso) with Arabic digits."""
    year_ce = int(rng.integers(1990, 2031))
    month = int(rng.integers(1, 13))
    days = [31, 29 if year_ce % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    day = int(rng.integers(1, days + 1))
    name = MONTHS[month - 1] if rng.random() < 0.85 else MONTHS_SHORT[month - 1]
    return f"{day} {name} {year_ce + 543}", f"{year_ce:04d}-{month:02d}-{day:02d}"


def phone(rng: np.random.Generator) -> str:
    kind = rng.integers(4)
    if kind == 0:
        return f"0 {digits(rng, 4)} {digits(rng, 4)}"
    if kind == 1:
        return f"0{rng.integers(6, 10)} {digits(rng, 4, lead_zero=True)} {digits(rng, 4, lead_zero=True)}"
    if kind == 2:
        return f"0-{digits(rng, 4)}-{digits(rng, 4)}"
    return f"0 {digits(rng, 4)} {digits(rng, 4)} ต่อ {digits(rng, 3)}"


def quantity(rng: np.random.Generator) -> str:
    kind = rng.integers(4)
    if kind == 0:
        return f"{rng.integers(1, 10)} ชุด"
    if kind == 1:
        n = int(rng.integers(1000, 10_000_000))
        return f"{n:,} บาท"
    if kind == 2:
        return f"{rng.integers(1, 1000)} คน"
    return f"{rng.integers(1, 100)} ฉบับ"


def to_thai(text: str) -> str:
    return text.translate(_TO_THAI)


# --------------------------------------------------------------------------
# Rendering and degradation (shared with bench_digits.py)
# --------------------------------------------------------------------------

SCAN_PROFILES = ("clean", "office", "fax")


def degrade(img: Image.Image, profile: str, rng: np.random.Generator, *, strength: float = 1.0,
            fax_threshold: tuple[float, float] = (125, 190)) -> tuple[Image.Image, float]:
    """A scanned look; returns (image, rotation in degrees, counter-clockwise).

    clean: paper tone only. office: rotation up to 1 degree, Gaussian blur about
    0.8 px, noise, JPEG quality 60-80. fax: (page rendered at 200 dpi by the
    caller) blur, binarised at a random threshold (from FAX_THRESHOLD: lower
    breaks thin strokes, higher thickens them), speckle."""
    angle = 0.0
    a = np.asarray(img, dtype=np.float32)
    if profile == "clean":
        a = 243 - (255 - a) * (243 - 20) / 255
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L"), 0.0
    if profile == "office":
        angle = float(rng.uniform(-1, 1)) * strength
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        a = np.asarray(img, dtype=np.float32)
        a = 240 - (255 - a) * (240 - float(rng.uniform(15, 60))) / 255
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.6, 1.0 + 0.3 * (strength - 1)))))
        a = np.asarray(img, dtype=np.float32) + rng.normal(0, float(rng.uniform(3, 8)), img.size[::-1])
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
        buffer = io.BytesIO()
        img.save(buffer, "JPEG", quality=int(rng.integers(60, 81)))
        return Image.open(io.BytesIO(buffer.getvalue())).convert("L"), angle
    if profile == "fax":
        angle = float(rng.uniform(-0.5, 0.5)) * strength
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.6))))
        a = np.asarray(img, dtype=np.float32) + rng.normal(0, 10, img.size[::-1])
        a = np.where(a < float(rng.uniform(*fax_threshold)), 0, 255).astype(np.uint8)
        speckle = rng.random(a.shape) < 0.0015 * strength
        a[speckle] = 0
        dropout = rng.random(a.shape) < 0.002 * strength
        a[dropout] = 255
        return Image.fromarray(a, "L"), angle
    raise ValueError(f"unknown scan profile {profile!r}")


def rotate_point(x: float, y: float, angle: float, size: tuple[int, int]) -> tuple[float, float]:
    """Where PIL's rotate(angle) (about the centre, no expand) moves (x, y)."""
    cx, cy = size[0] / 2, size[1] / 2
    r = math.radians(angle)
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(r) + dy * math.sin(r), cy - dx * math.sin(r) + dy * math.cos(r)


def draw_tokens(draw: ImageDraw.ImageDraw, tokens: list[tuple[str, bool]], x: float, y: float,
                font: ImageFont.FreeTypeFont, *, stroke: int = 0, ink: int = 0,
                classes: tuple[str, ...] = CLASSES, word_label: str = OTHER) -> tuple[float, list[tuple[str, tuple]]]:
    """Draw tokens left to right on baseline y. A token (text, True) is drawn a
    character at a time and each character's box is returned with it, labelled
    with the character where it is one of CLASSES, else OTHER; a token (text,
    False) (Thai words) is drawn whole and returned as one WORD_LABEL box.
    Returns (x after the last token, [(label, (x0, y0, x1, y1)), ...])."""
    boxes: list[tuple[str, tuple]] = []
    space = font.getlength(" ")
    for index, (text, by_char) in enumerate(tokens):
        if index:
            x += space
        # a "." inside a word (พ.ศ., โทร.) is drawn (and labelled) on its own
        pieces = list(text) if by_char else [piece for piece in re.split(r"(\.)", text) if piece]
        for piece in pieces:
            if piece == " ":
                x += space
                continue
            draw.text((x, y), piece, font=font, fill=ink, anchor="ls", stroke_width=stroke, stroke_fill=ink)
            box = draw.textbbox((x, y), piece, font=font, anchor="ls", stroke_width=stroke)
            single = by_char or piece == "."
            label = (piece if piece in classes else OTHER) if single else word_label
            boxes.append((label, box))
            x += font.getlength(piece) + 2 * stroke
    return x, boxes


# --------------------------------------------------------------------------
# Training data
# --------------------------------------------------------------------------


def random_line(rng: np.random.Generator, words: list[str]) -> list[tuple[str, bool]]:
    tokens: list[tuple[str, bool]] = []
    arabic = rng.random() < 0.2
    conv = (lambda s: s) if arabic else to_thai
    for _ in range(int(rng.integers(3, 7))):
        kind = rng.integers(7)
        if kind == 0:
            tokens.append((words[rng.integers(len(words))], False))
        elif kind == 1:
            printed, _ = letter_number(rng)
            parts = printed.split(" ")
            tokens.append((parts[0], False))
            tokens.append((parts[1], False))
            tokens.append((conv(" ".join(parts[2:])), True))
        elif kind == 2:
            day, month, year = thai_date(rng)[0].split(" ")
            tokens += [(conv(day), True), (month, False), (conv(year), True)]
        elif kind == 3:
            tokens += [("โทร.", False), (conv(phone(rng)), True)]
        elif kind == 4:
            number, unit = quantity(rng).split(" ")
            tokens += [(conv(number), True), (unit, False)]
        elif kind == 5:
            tokens.append((conv(digits(rng, int(rng.integers(1, 8)), lead_zero=True)), True))
        else:
            letters = "".join(rng.choice(list("กขคงจฉชซดตถทธนบปผพฟภมยรลวศสหอฮ"), int(rng.integers(1, 4))))
            tokens.append((letters, True))  # lone consonants next to digits (ว, ก.)
        if rng.random() < 0.5:
            tokens.append((words[rng.integers(len(words))], False))
    return tokens


def render_training_line(rng: np.random.Generator, font_file: Path, words: list[str], profile: str | None = None):
    if profile is None:
        profile = SCAN_PROFILES[rng.choice(3, p=[0.25, 0.4, 0.35])]
    dpi = 200 if profile == "fax" else 300
    size_pt = float(rng.choice([14, 15, 16, 16, 16, 16, 18, 20]))
    px = round(size_pt * dpi / 72)
    font = ImageFont.truetype(str(font_file), px, layout_engine=ImageFont.Layout.RAQM)
    tokens = random_line(rng, words)
    stroke = 1 if (dpi == 300 and rng.random() < 0.12) else 0
    width = int(sum(font.getlength(t) + font.getlength(" ") + 4 for t, _ in tokens) + 2 * px)
    height = int(2.4 * px)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    baseline = 1.45 * px
    _, boxes = draw_tokens(draw, tokens, px, baseline, font, stroke=stroke)
    if rng.random() < 0.15:
        img = img.filter(ImageFilter.MaxFilter(3))  # thinner strokes
    elif rng.random() < 0.1:
        img = img.filter(ImageFilter.MinFilter(3))  # heavier strokes
    scan, angle = degrade(img, profile, rng, strength=float(rng.uniform(0.8, 1.3)), fax_threshold=(105, 205))
    centres = [(label, rotate_point((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, angle, img.size), b) for label, b in boxes]
    return np.asarray(scan), 1.2 * px, centres


def label_glyphs(line, centres) -> list[str | None]:
    """The class of each glyph from the drawn characters' centres; None for
    a glyph not to train on (pieces, merged characters, speckle).

    A character broken in pieces (a fax's threshold cuts TH Sarabun New's
    thin strokes: ๖'s loop from its arc) is not trained on at all: the piece
    holding its centre is no more the character than the other pieces are,
    and a model that reads it as the character reads the other piece as one
    too ("๖" read "๖๖"). The stage joins such pieces (digits.merge_broken);
    the joined glyph is trained on (``joined_pieces``)."""
    def held(glyph):  # indices of the characters whose box centre the glyph holds
        # a character is inside when its box centre is within the glyph's
        # columns and its (rotated) box overlaps the glyph's rows; the drawn
        # box reaches down to the baseline even for "-"
        return [i for i, (label, (cx, cy), box) in enumerate(centres)
                if glyph.x0 - 1 <= cx <= glyph.x1 + 1
                and glyph.y0 - 1 <= cy + (box[3] - box[1]) / 2 and cy - (box[3] - box[1]) / 2 <= glyph.y1 + 1]

    holding = [held(glyph) for glyph in line.glyphs]
    broken = set()
    for glyph, inside in zip(line.glyphs, holding):
        if inside or glyph.height < PIECE_HEIGHT * line.x_height:
            continue
        gx = (glyph.x0 + glyph.x1) / 2
        broken.update(i for i, (label, _, box) in enumerate(centres)
                      if label != OTHER and box[0] <= gx <= box[2])
    labels: list[str | None] = []
    for glyph, inside in zip(line.glyphs, holding):
        chars = [centres[i][0] for i in inside if centres[i][0] != OTHER]
        if len(inside) == 1:
            label, _, box = centres[inside[0]]
            if label != OTHER and glyph.width > 1.6 * (box[2] - box[0]) + 3:
                labels.append(None)  # touches a neighbour
            elif inside[0] in broken:
                labels.append(None)  # one piece of a broken character
            else:
                labels.append(label)
        elif len(inside) == 0:
            # a piece of a word (other) or of a character, or speckle
            gx = (glyph.x0 + glyph.x1) / 2
            hits = [label for label, (cx, cy), box in centres if box[0] - 2 <= gx <= box[2] + 2]
            labels.append(OTHER if hits and all(h == OTHER for h in hits) else None)
        elif not chars:
            labels.append(OTHER)  # a word drawn whole can hold several centres
        else:
            labels.append(None)  # merged characters
    return labels


def cut_pieces(line: Line, labels: list[str | None], centres) -> list[tuple[Line, str]]:
    """Glyphs of 2 or 3 touching digits or punctuation marks (labelled None),
    cut as the stage cuts them (digits.split_touching): one-glyph lines of
    the pieces of the least-ink cut, each labelled with the one character
    whose centre it holds."""
    from pipeline.ocr.digit_pieces import cut_glyph

    found = []
    for glyph, label in zip(line.glyphs, labels):
        if label is not None:
            continue
        inside = sorted((cx, char) for char, (cx, cy), box in centres
                        if glyph.x0 - 1 <= cx <= glyph.x1 + 1
                        and glyph.y0 - 1 <= cy + (box[3] - box[1]) / 2 and cy - (box[3] - box[1]) / 2 <= glyph.y1 + 1)
        if not 2 <= len(inside) <= 3 or any(char == OTHER for _, char in inside):
            continue
        for pieces in cut_glyph(glyph, len(inside))[:1]:
            chars = []
            for piece in pieces:
                held = [char for cx, char in inside if piece.x0 - 1 <= cx <= piece.x1 + 1]
                chars.append(held[0] if len(held) == 1 else None)
            if None not in chars:
                found += [(Line([piece], line.x_height, line.slope, line.intercept), char)
                          for piece, char in zip(pieces, chars)]
    return found


def joined_pieces(line: Line, labels: list[str | None]) -> list[Line]:
    """One-glyph lines of two neighbouring glyphs not both trained on as
    they are (a piece is labelled None), joined: pieces of a broken digit."""
    from pipeline.ocr.digit_pieces import MERGE_GAP, MERGE_WIDTH
    from pipeline.ocr.digits_glyphs import join_glyphs

    xh = line.x_height
    found = []
    for index in range(len(line.glyphs) - 1):
        a, b = line.glyphs[index], line.glyphs[index + 1]
        if labels[index] is not None and labels[index + 1] is not None:
            continue
        if (min(a.height, b.height) >= 0.4 * xh and b.x0 - a.x1 <= MERGE_GAP * xh
                and max(a.x1, b.x1) - min(a.x0, b.x0) <= MERGE_WIDTH * xh):
            found.append(Line([join_glyphs([a, b])], xh, line.slope, line.intercept))
    return found


def build_dataset(fonts: list[str], lines_per_font: int, seed: int,
                  fax_lines: dict[str, int] | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
    words = thai_words()
    fax_lines = fax_lines or {}
    xs, ys = [], []
    stats = {"glyphs": 0, "skipped": 0, "joined": 0, "cut": 0}
    for font_index, name in enumerate(fonts):
        path = font_path(name)
        if path is None:
            continue
        rng = np.random.default_rng([seed, font_index])
        # FAX_LINES more lines of the font, all faxes, from a stream of their own
        fax_rng = np.random.default_rng([seed, font_index, 1])
        plan = [(rng, None)] * lines_per_font + [(fax_rng, "fax")] * fax_lines.get(name, 0)
        for line_rng, profile in plan:
            gray, line_height, centres = render_training_line(line_rng, path, words, profile)
            line = segment_line(gray, line_height=line_height)
            if line is None:
                continue
            labels = label_glyphs(line, centres)
            feats = glyph_features(line.glyphs, line)
            for feat, label in zip(feats, labels):
                stats["glyphs"] += 1
                if label is None:
                    stats["skipped"] += 1
                    continue
                xs.append(feat)
                ys.append(CLASSES.index(label))
            # touching digits cut apart as the stage cuts them (digits.split_touching)
            for piece_line, label in cut_pieces(line, labels, centres):
                stats["cut"] += 1
                xs.append(glyph_features(piece_line.glyphs, piece_line)[0])
                ys.append(CLASSES.index(label))
            # a digit broken in two by the threshold, joined as the stage joins it (digits.merge_broken)
            for joined_line in joined_pieces(line, labels):
                label = label_glyphs(joined_line, centres)[0]
                if label is not None and label != OTHER:
                    stats["joined"] += 1
                    xs.append(glyph_features(joined_line.glyphs, joined_line)[0])
                    ys.append(CLASSES.index(label))
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.int64), stats


# --------------------------------------------------------------------------
# MLP
# --------------------------------------------------------------------------


def train_mlp(x: np.ndarray, y: np.ndarray, *, hidden: int, epochs: int, seed: int,
              n_classes: int = len(CLASSES)) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-3
    xn = (x - mean) / std
    n_in, n_out = x.shape[1], n_classes
    w1 = rng.normal(0, math.sqrt(2 / n_in), (n_in, hidden)).astype(np.float32)
    b1 = np.zeros(hidden, np.float32)
    w2 = rng.normal(0, math.sqrt(1 / hidden), (hidden, n_out)).astype(np.float32)
    b2 = np.zeros(n_out, np.float32)
    params = [w1, b1, w2, b2]
    moments = [np.zeros_like(p) for p in params]
    velocities = [np.zeros_like(p) for p in params]
    counts = np.bincount(y, minlength=n_out).astype(np.float32)
    class_weight = np.where(counts > 0, (counts.sum() / np.maximum(counts, 1) / n_out) ** 0.5, 0).astype(np.float32)
    step, batch, decay = 0, 128, 1e-4
    for epoch in range(epochs):
        lr = 2e-3 * (0.5 * (1 + math.cos(math.pi * epoch / epochs)))
        order = rng.permutation(len(y))
        loss_sum = 0.0
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            xb, yb = xn[idx], y[idx]
            xb = xb + rng.normal(0, 0.05, xb.shape).astype(np.float32)  # input noise
            h = np.maximum(xb @ w1 + b1, 0)
            logits = h @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            wb = class_weight[yb]
            loss_sum += float(-(np.log(p[np.arange(len(yb)), yb] + 1e-9) * wb).sum())
            g = p
            g[np.arange(len(yb)), yb] -= 1
            g *= (wb / len(yb))[:, None]
            gw2 = h.T @ g + decay * w2
            gb2 = g.sum(axis=0)
            gh = (g @ w2.T) * (h > 0)
            gw1 = xb.T @ gh + decay * w1
            gb1 = gh.sum(axis=0)
            step += 1
            for param, grad, m, v in zip(params, (gw1, gb1, gw2, gb2), moments, velocities):
                m *= 0.9
                m += 0.1 * grad
                v *= 0.999
                v += 0.001 * grad * grad
                param -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        print(f"epoch {epoch + 1}/{epochs}: loss {loss_sum / len(y):.4f}", flush=True)
    return {"w1": w1, "b1": b1, "w2": w2, "b2": b2, "mean": mean.astype(np.float32), "std": std.astype(np.float32)}


def predict(model: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """Class probabilities of X under MODEL (its arrays as saved), computed
    as the stage computes them: by the stage's GlyphClassifier, loaded the way
    ``classifier.load_classifier`` loads a model file (every array float32)."""
    arrays = (model[k].astype(np.float32) for k in ("w1", "b1", "w2", "b2", "mean", "std"))
    return GlyphClassifier((), *arrays).probabilities(x)


def fold_ensemble(members: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """One MLP whose logits are the mean of the members' logits: each member's
    input normalisation folded into its first layer, the hidden layers side by
    side, the output layers stacked and scaled by 1/len(members). Averaging
    logits (a geometric mean of the probabilities) evens out what one
    training seed gets wrong; the stage loads it as any other model."""
    w1, b1, w2 = [], [], []
    for member in members:
        w1.append(member["w1"] / member["std"][:, None])
        b1.append(member["b1"] - (member["mean"] / member["std"]) @ member["w1"])
        w2.append(member["w2"] / len(members))
    n_in = members[0]["w1"].shape[0]
    return {"w1": np.hstack(w1), "b1": np.concatenate(b1).astype(np.float32), "w2": np.vstack(w2),
            "b2": (sum(member["b2"] for member in members) / len(members)).astype(np.float32),
            "mean": np.zeros(n_in, np.float32), "std": np.ones(n_in, np.float32)}


def accuracy(model: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> str:
    """MODEL's accuracy on glyphs X labelled Y, overall and on the digit classes."""
    pred = predict(model, x).argmax(axis=1)
    digit = y < 20
    return f"accuracy {np.mean(pred == y):.4f}, on digits {np.mean(pred[digit] == y[digit]):.4f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=120, help="training lines per font (default 120)")
    ap.add_argument("--epochs", type=int, default=25)
    ap.add_argument("--hidden", type=int, default=160, help="hidden units of each member")
    ap.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS),
                    help="one ensemble member per seed, each on data of its own (default %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--fonts", nargs="*", default=TRAIN_FONTS, help="fonts to train on (default TRAIN_FONTS)")
    ap.add_argument("--fax-lines", nargs="*", default=[f"{k}={v}" for k, v in FAX_LINES.items()], metavar="FONT=N",
                    help="N more lines of FONT, all fax scans (default %(default)s)")
    args = ap.parse_args(argv)
    if set(args.fonts) & set(HELD_OUT_FONTS):
        ap.error(f"{sorted(set(args.fonts) & set(HELD_OUT_FONTS))} are held out")
    fax_lines = {name: int(n) for name, n in (item.split("=") for item in args.fax_lines)}
    t0 = time.perf_counter()
    xv, yv, _ = build_dataset(TRAIN_FONTS[:4] + HELD_OUT_FONTS, 12, args.seeds[0] + 1)
    members = []
    for seed in args.seeds:
        x, y, stats = build_dataset(args.fonts, args.lines, seed, fax_lines)
        print(f"seed {seed}: {len(y)} training glyphs ({stats['skipped']} of {stats['glyphs']} cut glyphs skipped, "
              f"{stats['joined']} broken digits joined, {stats['cut']} pieces of touching digits) "
              f"in {time.perf_counter() - t0:.0f} s", flush=True)
        print("per class:", {c: int(n) for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))})
        members.append(train_mlp(x, y, hidden=args.hidden, epochs=args.epochs, seed=seed))
        print(f"  train: {accuracy(members[-1], x, y)}")
        print(f"  validation (incl. held-out font): {accuracy(members[-1], xv, yv)}")
    model = fold_ensemble(members) if len(members) > 1 else members[0]
    stored = {**model, "w1": model["w1"].astype(np.float16), "w2": model["w2"].astype(np.float16)}
    print(f"{len(members)} member(s), as stored: validation {accuracy(stored, xv, yv)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, classes=np.array(CLASSES), w1=stored["w1"], b1=model["b1"], w2=stored["w2"], b2=model["b2"],
        mean=model["mean"], std=model["std"], train_fonts=np.array(args.fonts), held_out_fonts=np.array(HELD_OUT_FONTS),
        seeds=np.array(args.seeds))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
