"""E-mail addresses read again in English.

Tesseract with ``tha`` alone reads Thai letter numbers right but turns Latin
text into Thai-looking junk (``saraban@dla.go.th`` -> ``รลเดอลท@สไล.ฮ0.ปก``);
with ``tha+eng`` it keeps Latin but reads ``ที่ มท`` as ``NWN`` on most letter
heads (measured on fixtures/scans: 15 of 51 digit-free fields right with
``tha+eng``, 29 with ``tha``). So the page is read with ``tha`` and only the
tokens that hold an ``@`` are cropped and read again with ``eng``; a reading
that is a well-formed address replaces the token.

A re-read is a substitution ``(junk token, address)`` on the page text; the
replay engine stores them beside the recorded TSV so replayed pages equal the
live ones.
"""

from __future__ import annotations

import numpy as np
import regex
from PIL import Image, ImageOps

from pipeline.models import OcrPage, OcrWord
from pipeline.ocr.digits_glyphs import otsu_threshold

EMAIL = regex.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_TOKEN_WITH_AT = regex.compile(r"\S*@\S*")
# Around the token's box (already widened to its neighbours), in line
# heights: some above, more below for the descenders Tesseract's Thai boxes
# leave out (g, p, y). Then a white border, which Tesseract wants around a
# single line. Measured on fixtures/scans: 4 of 4 addresses read right with
# psm 7 on such a crop, 1 of 4 with the bare box padded 0.3 all round.
PAD_SIDE, PAD_TOP, PAD_BOTTOM = 0.0, 0.2, 0.45
# A token with a "/" is no address Tesseract garbled but a number it read an "@" into
# (TH Garuda's letter number "๐๓๑๙.๗/๒" on an office scan read "๐๓๑ณ.@ซ/๒", and English
# read the crop "omn@e.cia"); a garbled address holds no "/" (Thai digits it may:
# "|ฝา๐กแล๑ท@ส๐ล6.6๐.ป่า" for khonkaen@doae.go.th)
NOT_AN_ADDRESS = regex.compile(r"/")
BORDER = 20


def at_tokens(page: OcrPage) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Each page-text token holding an ``@`` with the pixel box of its words."""
    found = []
    for token in _TOKEN_WITH_AT.findall(page.text):
        if EMAIL.fullmatch(token):
            continue  # read right already
        if NOT_AN_ADDRESS.search(token):
            continue
        words = _words_spelling(page.words, token)
        if words:
            left = min(w.left for w in words)
            top = min(w.top for w in words)
            right = max(w.left + w.width for w in words)
            bottom = max(w.top + w.height for w in words)
            # Thai-model boxes may cut into the Latin glyphs at the ends:
            # widen the box to the neighbouring words (the space between them)
            line = [w for w in page.words if (w.block, w.par, w.line) == (words[0].block, words[0].par, words[0].line)]
            before = [w.left + w.width for w in line if w.left + w.width <= left + 2 and w not in words]
            after = [w.left for w in line if w.left >= right - 2 and w not in words]
            reach = bottom - top
            left = max(max(before) + 3, left - reach) if before else left - reach // 3
            right = min(min(after) - 3, right + reach) if after else right + reach // 3
            found.append((token, (max(0, left), top, right, bottom)))
    return found


def _words_spelling(words: list[OcrWord], token: str) -> list[OcrWord]:
    """The run of consecutive words of one line whose texts make up ``token``."""
    for i, first in enumerate(words):
        if not token.startswith(first.text):
            continue
        run, spelled = [first], first.text
        for w in words[i + 1 :]:
            if spelled == token or (w.block, w.par, w.line) != (first.block, first.par, first.line):
                break
            if not token.startswith(spelled + w.text):
                break
            run.append(w)
            spelled += w.text
        if spelled == token:
            return run
    return []


def crop_for_reading(gray: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    left, top, right, bottom = box
    h = bottom - top
    region = (
        max(0, left - int(PAD_SIDE * h)), max(0, top - int(PAD_TOP * h)),
        min(gray.width, right + int(PAD_SIDE * h) + 4), min(gray.height, bottom + int(PAD_BOTTOM * h)),
    )
    crop = gray.crop(region)
    # Dust specks and the grey paper of a scan make English Tesseract misread
    # a clean address ("signinrodedosecoin"): black on white reads right.
    threshold = otsu_threshold(np.asarray(crop.convert("L")))
    return ImageOps.expand(crop.point(lambda v: 255 if v > threshold else 0), border=BORDER, fill=255)


def apply_substitutions(page: OcrPage, substitutions: list[tuple[str, str]]) -> OcrPage:
    text = page.text
    for junk, address in substitutions:
        text = text.replace(junk, address)
    return page.model_copy(update={"text": text}) if text != page.text else page
