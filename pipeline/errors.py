"""Exceptions of the pipeline. Each carries its exit code and the stage it
belongs to; ``pipeline.cli`` has the one handler that maps them for the shell.

Exit codes (also in README.md, checked by a test):

===  ==================================================================
 0   every input processed
 1   unexpected internal error (a bug: please report it)
 2   usage error (bad option or argument; click's own code)
 3   some inputs failed; the good ones were still written
 4   a required external program (tesseract, pdftoppm) is missing
10   input file not found or not readable
11   empty input (zero bytes, or no text and no pages)
12   corrupt or unreadable PDF
13   encrypted PDF
14   unreadable or unsupported image
15   text input that cannot be decoded (not UTF-8, TIS-620 or CP874)
16   OCR failed or timed out on a page
17   page image too large (decompression-bomb guard)
18   a JSONL line given to ``circulars audit`` is not a valid record
 5   ``circulars audit --fail-on-findings`` found something to check
===  ==================================================================
"""

from __future__ import annotations


class CircularsError(Exception):
    """Base class: an error the CLI reports as one line naming the file."""

    exit_code = 1
    stage = "pipeline"

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.path = path

    def one_line(self) -> str:
        where = f"{self.path}: " if self.path else ""
        text = " ".join(str(self).split())
        return f"error: {where}{text}"


class SomeInputsFailed(CircularsError):
    exit_code = 3


class MissingProgramError(CircularsError):
    exit_code = 4
    stage = "ocr"


class InputNotFoundError(CircularsError):
    exit_code = 10
    stage = "read"


class EmptyInputError(CircularsError):
    exit_code = 11
    stage = "read"


class CorruptPdfError(CircularsError):
    exit_code = 12
    stage = "read"


class EncryptedPdfError(CircularsError):
    exit_code = 13
    stage = "read"


class UnreadableImageError(CircularsError):
    exit_code = 14
    stage = "read"


class UndecodableTextError(CircularsError):
    exit_code = 15
    stage = "read"


class OcrError(CircularsError):
    exit_code = 16
    stage = "ocr"


class ImageTooLargeError(CircularsError):
    exit_code = 17
    stage = "read"


EXIT_CODES: dict[int, str] = {
    0: "every input processed",
    1: "unexpected internal error",
    2: "usage error",
    **{
        cls.exit_code: cls.__name__
        for cls in (
            SomeInputsFailed,
            MissingProgramError,
            InputNotFoundError,
            EmptyInputError,
            CorruptPdfError,
            EncryptedPdfError,
            UnreadableImageError,
            UndecodableTextError,
            OcrError,
            ImageTooLargeError,
        )
    },
}


class InvalidRecordError(CircularsError):
    """A line of a JSONL input to ``circulars audit`` is not a valid Record."""

    exit_code = 18
    stage = "read"


# ``circulars audit --fail-on-findings``: the audit ran and found a reference
# that is not a plain match (match with differences, unresolved) or a letter
# number carried by different letters. Not an error, so not an exception.
FINDINGS_EXIT_CODE = 5

EXIT_CODES[FINDINGS_EXIT_CODE] = "audit findings (circulars audit --fail-on-findings)"
EXIT_CODES[InvalidRecordError.exit_code] = InvalidRecordError.__name__
