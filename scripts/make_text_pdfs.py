"""Writes fixtures/textlayer/: PDFs with a text layer, as e-document systems
export them, for the ``--ocr auto`` path (issue 6). Needs reportlab (a
development tool only: ``pip install reportlab``); the PDFs are committed.

| file | text layer |
| --- | --- |
| born_digital.pdf | the letter of scans/letters/external_urgent_thai.json as text (Thai digits, as printed) |
| legacy_pua.pdf | the same, with tone marks and lower vowels in the legacy Private Use Area forms (U+F70A-F71A) old Thai fonts map them to |
| garbage_layer.pdf | the scan of scans/memo_thai.pdf with an invisible text layer of mojibake (TIS-620 bytes read as Latin-1): must be OCR'd |

Run: ``python scripts/make_text_pdfs.py``. Output is deterministic (fixed
creation date and document id).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "fixtures" / "textlayer"
LETTERS = REPO / "fixtures" / "scans" / "letters"
FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"

CONSONANTS = {chr(c) for c in range(0x0E01, 0x0E2F)}
TONES = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"


def legacy_forms(text: str) -> str:
    """Tone marks straight on a consonant (no upper vowel) in their lowered
    PUA form U+F713-F717, as legacy Windows Thai fonts encode them."""
    out = []
    for i, ch in enumerate(text):
        if ch in TONES and i > 0 and text[i - 1] in CONSONANTS:
            out.append(chr(0xF713 + TONES.index(ch)))
        else:
            out.append(ch)
    return "".join(out)


def letter_lines(name: str) -> list[tuple[str, str]]:
    """(alignment, text) of every printed line of a letter source."""
    source = json.loads((LETTERS / f"{name}.json").read_text(encoding="utf-8"))
    lines = []
    for document in source["documents"]:
        for page in document["pages"]:
            for line in page.get("lines", []) + page.get("footer", []):
                if "text" not in line:
                    continue  # a signature scribble
                text = line["text"]
                if isinstance(text, list):
                    text = "\t".join(run["text"] for run in text)
                lines.append((line.get("align", "left"), text))
    return lines


def write_text_pdf(path: Path, lines: list[tuple[str, str]], transform=lambda s: s) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Laksaman", FONT))
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    y = height - 90
    for align, text in lines:
        pdf.setFont("Laksaman", 12)
        parts = text.split("\t")
        x = {"right-block": width / 2 - 10, "date": width / 2 - 30, "indent": 90, "signature": width / 2 - 30}.get(align, 60)
        for n, part in enumerate(parts):
            pdf.drawString(x if n == 0 else width - 110, y, transform(part))
        y -= 16
        if y < 60:
            pdf.showPage()
            y = height - 90
    pdf.save()


def write_garbage_layer_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-jpeg", "-singlefile", str(REPO / "fixtures/scans/memo_thai.pdf"), f"{tmp}/page"], check=True)
        pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        width, height = A4
        pdf.drawImage(f"{tmp}/page.jpg", 0, 0, width=width, height=height)
        text = pdf.beginText(72, height - 72)
        text.setTextRenderMode(3)  # invisible, as OCR'd PDFs carry their layer
        text.setFont("Helvetica", 12)
        for _, line in letter_lines("memo_thai"):
            text.textLine(line.encode("cp874", errors="replace").decode("latin-1"))
        pdf.drawText(text)
        pdf.showPage()
        pdf.save()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    lines = letter_lines("external_urgent_thai")
    write_text_pdf(OUT / "born_digital.pdf", lines)
    write_text_pdf(OUT / "legacy_pua.pdf", lines, legacy_forms)
    write_garbage_layer_pdf(OUT / "garbage_layer.pdf")
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path.relative_to(REPO)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
