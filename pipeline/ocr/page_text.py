"""The page's text and its words, kept in step.

``OcrPage.text`` is Tesseract's text, ``OcrPage.words`` its words: every
stage that reads the text by the words, or rewrites them, first finds where
each word stands in the text (``word_offsets``), and edits both together
(``drop_words``, ``put_letters``) so that they stay in step.
"""

from __future__ import annotations

from pipeline.models import OcrPage


def word_offsets(page: OcrPage) -> list[int | None]:
    """Start of each word's text in page.text (None where the text does not
    follow the words, e.g. after a substitution; the words of the next line
    are found again at its start: an e-mail address read again in English,
    latin.py, changes the text of its own line only)."""
    offsets: list[int | None] = []
    cursor = 0
    text = page.text
    previous_line = None
    for word in page.words:
        line = (word.block, word.par, word.line)
        position = text.find(word.text, cursor)
        if (position < 0 or text[cursor:position].strip()) and line != previous_line:
            start = text.find("\n", cursor)
            while 0 <= start < len(text) and text[start] == "\n":
                start += 1
            position = start if start > 0 and text.startswith(word.text, start) else -1
            if position >= 0:
                cursor = position
        previous_line = line
        if position < 0 or text[cursor:position].strip():
            offsets.append(None)
            continue
        offsets.append(position)
        cursor = position + len(word.text)
    return offsets


def put_letters(page: OcrPage, letters: dict[int, str], offsets: list[int | None]) -> OcrPage:
    """The page with the words in LETTERS rewritten (same length: offsets do not move)."""
    text = list(page.text)
    words = list(page.words)
    for index, new in letters.items():
        offset = offsets[index]
        text[offset:offset + len(new)] = new
        words[index] = words[index].model_copy(update={"text": new})
    return page.model_copy(update={"text": "".join(text), "words": words})


def drop_words(page: OcrPage, indices: list[int]) -> OcrPage:
    """The page without the words at INDICES: each word's text goes with the
    whitespace character after it (the line break of a line of its own), or
    the one before it at the end of the text. Words whose offset is unknown stay."""
    offsets = word_offsets(page)
    text = page.text
    cuts = []
    for index in sorted(set(indices)):
        offset = offsets[index]
        if offset is None:
            continue
        start, end = offset, offset + len(page.words[index].text)
        if end < len(text) and text[end].isspace():
            end += 1
        elif start > 0 and text[start - 1].isspace():
            start -= 1
        cuts.append((start, end, index))
    if not cuts:
        return page
    dropped = {index for *_, index in cuts}
    pieces, cursor = [], 0
    for start, end, _ in cuts:
        pieces.append(text[cursor:max(cursor, start)])
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    return page.model_copy(update={"text": "".join(pieces),
                                   "words": [w for i, w in enumerate(page.words) if i not in dropped]})


def line_before(text: str, start: int) -> str:
    """The text of the line from its start to START."""
    return text[text.rfind("\n", 0, start) + 1:start]


def line_after(text: str, end: int) -> str:
    """The text of the line from END to its end."""
    stop = text.find("\n", end)
    return text[end:] if stop < 0 else text[end:stop]
