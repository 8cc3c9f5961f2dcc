#!/usr/bin/env python3
"""Train the letter classifier of the image stages that read letters (pipeline/ocr/letters.py).

    python scripts/train_code_letters.py      # writes pipeline/data/code_letter_model.npz
    python scripts/train_code_letters.py --lines 40 --epochs 5 --out /tmp/letters.npz

Stock Tesseract reads the two consonants of a letter number's code
(รหัสตัวพยัญชนะ, ``สธ`` in ``ที่ สธ ๐๒๐๗/...``) wrong often enough to matter
(``สธ`` as ``สร``, ``ยธ`` as ``ยอ``, ``ศธ`` as ``ศี``), and beside digits it
cannot write it does worse. This model names one in-line glyph as one of the
Thai consonants or OTHER (digits, in-line vowels, punctuation), so the stage
can weigh every code of ``pipeline/data/letter_codes.json`` against the image.

Same machinery as ``train_digits.py`` (fonts, degradation, the stage's own
segmentation, the MLP, held-out fonts, fixed seeds; numpy + scipy + Pillow,
no network): lines like ``ที่ <code> <unit code>/<number>`` with codes from
the table and random consonant pairs drawn a character at a time (so each
consonant's box is known), in-line vowels and digits drawn the same way as
OTHER, and Thai words drawn whole, which are not trained on (their glyphs'
characters are not known one by one). Half the lines are office scans, and
random consonants are drawn from CONFUSABLE (ธ ร ว ฐ, ล ศ ส, น ย, บ ป ษ,
พ ฟ) 40 % of the time, 400 lines per font: TH Garuda's blurred ธ and ร were
read ฐ and ว, and a held-out font's ธ on faxes ร.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

import train_digits as digits  # noqa: E402  (fonts, degradation, labelling, MLP)

from pipeline.ocr.codes import CODES  # noqa: E402
from pipeline.ocr.letters import CLASSES, CONSONANTS, MODEL_PATH  # noqa: E402
from pipeline.ocr.digits_glyphs import OTHER, glyph_features, segment_line  # noqa: E402

WORD = "word"  # label of a glyph of a Thai word drawn whole: not trained on
INLINE_VOWELS = "ะาเแโใไๆฯ"


CONFUSABLE = "ธรวฐลศสนยบปษพฟ"  # consonants blurred scans and faxes mix up (ธ ร ว ฐ, ล ศ ส, น ย, บ ป ษ, พ ฟ)


def random_pair(rng: np.random.Generator, n: int, confusable: float) -> str:
    """n random consonants; with ``confusable`` > 0 each is drawn from
    CONFUSABLE with that probability (one extra draw per letter)."""
    if confusable <= 0:
        return "".join(rng.choice(list(CONSONANTS), n))
    return "".join(str(rng.choice(list(CONFUSABLE if rng.random() < confusable else CONSONANTS)))
                   for _ in range(n))


def random_line(rng: np.random.Generator, words: list[str], codes: list[str], *,
                code_share: float = 0.7, confusable: float = 0.0) -> list[tuple[str, bool]]:
    tokens: list[tuple[str, bool]] = []
    conv = (lambda s: s) if rng.random() < 0.2 else digits.to_thai
    for _ in range(int(rng.integers(2, 5))):
        kind = rng.integers(5)
        if kind <= 1:  # a letter number's head, as printed
            code = codes[rng.integers(len(codes))] if rng.random() < code_share else random_pair(
                rng, 2, confusable)
            unit = digits.letter_number(rng)[1].split(" ", 1)[1]
            tokens += [("ที่", False), (code, True), (conv(unit), True)]
        elif kind == 2:
            tokens.append((random_pair(rng, int(rng.integers(1, 4)), confusable), True))
        elif kind == 3:
            tokens.append(("".join(rng.choice(list(INLINE_VOWELS + ".-/"), int(rng.integers(1, 3)))), True))
        else:
            tokens.append((words[rng.integers(len(words))], False))
    return tokens


# The training lines: shares of clean, office and fax lines; share of letter
# numbers' codes taken from the code table (the rest random pairs); how often a
# random consonant is one of CONFUSABLE; the range of the degradation strength.
# VALIDATION is fixed (the recipe of the first model) so that the validation
# figures compare across recipes.
RECIPE = {"profiles": (0.2, 0.5, 0.3), "code_share": 0.7, "confusable": 0.4, "strength": (0.8, 1.3)}
VALIDATION = {"profiles": (0.25, 0.4, 0.35), "code_share": 0.7, "confusable": 0.0, "strength": (0.8, 1.3)}


def render_line(rng: np.random.Generator, font_file: Path, words: list[str], codes: list[str],
                recipe: dict = RECIPE):
    """As train_digits.render_training_line, with this model's lines and labels."""
    profile = digits.SCAN_PROFILES[rng.choice(3, p=list(recipe["profiles"]))]
    dpi = 200 if profile == "fax" else 300
    size_pt = float(rng.choice([14, 15, 16, 16, 16, 16, 18, 20]))
    px = round(size_pt * dpi / 72)
    font = ImageFont.truetype(str(font_file), px, layout_engine=ImageFont.Layout.RAQM)
    tokens = random_line(rng, words, codes, code_share=recipe["code_share"], confusable=recipe["confusable"])
    stroke = 1 if (dpi == 300 and rng.random() < 0.12) else 0
    width = int(sum(font.getlength(t) + font.getlength(" ") + 4 for t, _ in tokens) + 2 * px)
    img = Image.new("L", (width, int(2.4 * px)), 255)
    _, boxes = digits.draw_tokens(ImageDraw.Draw(img), tokens, px, 1.45 * px, font, stroke=stroke,
                                  classes=CLASSES, word_label=WORD)
    if rng.random() < 0.15:
        img = img.filter(ImageFilter.MaxFilter(3))  # thinner strokes
    elif rng.random() < 0.1:
        img = img.filter(ImageFilter.MinFilter(3))  # heavier strokes
    scan, angle = digits.degrade(img, profile, rng, strength=float(rng.uniform(*recipe["strength"])),
                                 fax_threshold=(105, 205))
    centres = [(label, digits.rotate_point((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, angle, img.size), b)
               for label, b in boxes]
    return np.asarray(scan), 1.2 * px, centres


def build_dataset(fonts: list[str], lines_per_font: int, seed: int,
                  recipe: dict = RECIPE) -> tuple[np.ndarray, np.ndarray, dict]:
    words = digits.thai_words()
    codes = sorted(CODES)
    xs, ys = [], []
    stats = {"glyphs": 0, "skipped": 0}
    for font_index, name in enumerate(fonts):
        path = digits.font_path(name)
        if path is None:
            continue
        rng = np.random.default_rng([seed, font_index])
        for _ in range(lines_per_font):
            gray, line_height, centres = render_line(rng, path, words, codes, recipe)
            line = segment_line(gray, line_height=line_height)
            if line is None:
                continue
            labels = digits.label_glyphs(line, centres)
            feats = glyph_features(line.glyphs, line)
            for feat, label in zip(feats, labels):
                stats["glyphs"] += 1
                if label is None or label == WORD:
                    stats["skipped"] += 1
                    continue
                xs.append(feat)
                ys.append(CLASSES.index(label))
    return np.array(xs, dtype=np.float32), np.array(ys, dtype=np.int64), stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=400, help="training lines per font (default 400)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--hidden", type=int, default=288)
    ap.add_argument("--seed", type=int, default=20251122)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--fonts", nargs="*", default=digits.TRAIN_FONTS)
    ap.add_argument("--profiles", type=float, nargs=3, default=RECIPE["profiles"],
                    help="share of clean, office and fax lines")
    ap.add_argument("--code-share", type=float, default=RECIPE["code_share"],
                    help="share of letter-number codes taken from the code table (the rest random pairs)")
    ap.add_argument("--confusable", type=float, default=RECIPE["confusable"],
                    help="probability a random consonant is drawn from CONFUSABLE")
    ap.add_argument("--strength", type=float, nargs=2, default=RECIPE["strength"],
                    help="range of the degradation strength")
    args = ap.parse_args(argv)
    recipe = {"profiles": tuple(args.profiles), "code_share": args.code_share,
              "confusable": args.confusable, "strength": tuple(args.strength)}
    if set(args.fonts) & set(digits.HELD_OUT_FONTS):
        ap.error(f"{sorted(set(args.fonts) & set(digits.HELD_OUT_FONTS))} are held out")
    t0 = time.perf_counter()
    x, y, stats = build_dataset(args.fonts, args.lines, args.seed, recipe)
    print(f"{len(y)} training glyphs ({stats['skipped']} of {stats['glyphs']} cut glyphs skipped) "
          f"in {time.perf_counter() - t0:.0f} s", flush=True)
    print("per class:", {c: int(n) for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))})
    xv, yv, _ = build_dataset(digits.TRAIN_FONTS[:4] + digits.HELD_OUT_FONTS, 16, args.seed + 1, VALIDATION)
    model = digits.train_mlp(x, y, hidden=args.hidden, epochs=args.epochs, seed=args.seed,
                             n_classes=len(CLASSES))
    for name, (xe, ye) in {"train": (x, y), "validation (incl. held-out font)": (xv, yv)}.items():
        pred = digits.predict(model, xe).argmax(axis=1)
        letter = ye != CLASSES.index(OTHER)
        print(f"{name}: accuracy {np.mean(pred == ye):.4f}, on consonants {np.mean(pred[letter] == ye[letter]):.4f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, classes=np.array(CLASSES), w1=model["w1"].astype(np.float16), b1=model["b1"],
        w2=model["w2"].astype(np.float16), b2=model["b2"], mean=model["mean"], std=model["std"],
        train_fonts=np.array(args.fonts), held_out_fonts=np.array(digits.HELD_OUT_FONTS))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
