"""Replay engine: recorded Tesseract output instead of Tesseract, for tests.

A recording of page N of input ``<stem>.<ext>`` is three files in one folder:

- ``<stem>.p<N>.tsv``: Tesseract's TSV, as it wrote it;
- ``<stem>.p<N>.txt``: Tesseract's plain text of the same run (used only for
  word spacing; optional, without it spacing falls back to the gap rule);
- ``<stem>.p<N>.json``: ``{"page", "width", "height", "dpi", "engine", "source",
  "latin"}`` (``latin``: the e-mail tokens the live engine read again in
  English, as ``[junk, address]`` pairs; see ``pipeline/ocr/latin.py``).

``pipeline.ocr.record_tsv`` writes them. Replay parses them with the same
function the tesseract engine uses, so it returns the page Tesseract gave.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from pipeline.errors import InputNotFoundError, OcrError
from pipeline.models import OcrPage
from pipeline.ocr.latin import apply_substitutions
from pipeline.ocr.tsv import page_from_tsv


def recording_paths(directory: Path, stem: str, page: int) -> tuple[Path, Path, Path]:
    """The (tsv, txt, json) paths of one recorded page."""
    base = f"{stem}.p{page}"
    return directory / f"{base}.tsv", directory / f"{base}.txt", directory / f"{base}.json"


class ReplayEngine:
    """Returns the recorded page for (stem, page); the image is not looked at.

    ``read_pages`` binds the engine to each input with ``for_source``; call
    that yourself (or pass ``stem``) when using ``recognise`` directly.
    """

    name = "replay"

    def __init__(self, *, directory: str | Path, stem: str | None = None):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise InputNotFoundError("replay folder not found", path=str(self.directory))
        self.stem = stem

    def for_source(self, path: Path) -> ReplayEngine:
        return ReplayEngine(directory=self.directory, stem=Path(path).stem)

    def recognise(self, image: Image.Image | None, *, page: int, dpi: int) -> OcrPage:
        if self.stem is None:
            raise OcrError("replay engine has no input bound (use for_source or stem=)")
        tsv_path, txt_path, meta_path = recording_paths(self.directory, self.stem, page)
        try:
            tsv = tsv_path.read_text(encoding="utf-8")
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            plain_text = txt_path.read_text(encoding="utf-8") if txt_path.exists() else None
            recorded = page_from_tsv(
                tsv, plain_text, number=page, width=int(meta["width"]),
                height=int(meta["height"]), dpi=int(meta["dpi"]), engine=str(meta["engine"]),
            )
            # e-mail tokens the live engine read again in English
            return apply_substitutions(recorded, [tuple(s) for s in meta.get("latin", [])])
        except FileNotFoundError as exc:
            raise OcrError(f"no recorded OCR for page {page}: {exc.filename} is missing",
                           path=str(self.directory)) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OcrError(f"unusable recording of page {page} ({self.stem}): {exc!r}",
                           path=str(self.directory)) from None
