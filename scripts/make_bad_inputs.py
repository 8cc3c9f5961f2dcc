"""Writes fixtures/bad/: one file for each kind of bad input a batch must
survive. Run `python scripts/make_bad_inputs.py`; the output is deterministic.

| file | what is wrong |
| --- | --- |
| empty.pdf | zero bytes |
| truncated.pdf | the first 3,000 bytes of a real scan PDF |
| not-a-pdf.pdf | an HTML page saved with a .pdf name |
| encrypted.pdf | a real PDF encrypted with a user password (qpdf) |
| tiny.png | a 1x1 image |
| bomb.png | a 25,000 x 25,000 PNG of about 100 kB (decompression bomb) |
| garbage.png | random bytes with a .png name |
| binary.txt | bytes that are no text encoding |
| empty.txt | zero bytes |
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
import struct

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "fixtures" / "bad"
SOURCE_PDF = REPO / "fixtures" / "scans" / "external_arabic.pdf"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(side: int) -> bytes:
    """A 1-bit white image of side x side pixels, compressed to almost nothing."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = SOURCE_PDF.read_bytes()
    (OUT / "empty.pdf").write_bytes(b"")
    (OUT / "truncated.pdf").write_bytes(pdf[:3000])
    (OUT / "not-a-pdf.pdf").write_text("<!DOCTYPE html><html><body>404 Not Found</body></html>\n", encoding="utf-8")
    if shutil.which("qpdf"):
        subprocess.run(
            ["qpdf", "--static-id", "--encrypt", "user-secret", "owner-secret", "256", "--", str(SOURCE_PDF), str(OUT / "encrypted.pdf")],
            check=True,
        )
    else:
        print("qpdf not installed: encrypted.pdf not written", file=sys.stderr)
    from PIL import Image

    Image.new("L", (1, 1), 255).save(OUT / "tiny.png")
    (OUT / "bomb.png").write_bytes(bomb_png(25_000))
    rng = random.Random(7)
    (OUT / "garbage.png").write_bytes(bytes(rng.randrange(256) for _ in range(2048)))
    (OUT / "binary.txt").write_bytes(b"\x00\x81\x82\x83" * 64)
    (OUT / "empty.txt").write_bytes(b"")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(REPO)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
