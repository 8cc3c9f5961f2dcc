"""Restoring the marks stock Tesseract ``tha`` cannot write.

Tesseract drops a tone mark over an upper vowel (``ที่`` -> ``ที``,
``ท้องถิ่น`` -> ``ท้องถิน``) and writes ``ำ`` after a tone mark as ``า``
(``น้ำ`` -> ``น้า``). Both damaged forms are often words themselves (``ที``,
``น้า``), so a word list alone cannot tell; the sentence around them can.

We segment each run of Thai with a unigram language model (word frequencies of
the Thai National Corpus, shipped inside PyThaiNLP, plus our letter
vocabulary) over a lattice in which every such place may also carry the
missing mark. The best segmentation decides: ``สิงทีส่งมาด้วย`` is far likelier
read as ``สิ่ง ที่ ส่ง มา ด้วย``. Each restored mark costs ``EDIT_COST`` nats,
so a word changes only when the restored reading is clearly likelier, and a
run with no such place is left alone without any work.

Near a fragment the lexicon cannot read (``ห้อง|ถิน``) marks are left to the
word repair (``words.word_edits``), which reads them jointly with a letter
OCR confuses with another (``data/ocr_confusions.json``: ห for ท, ป for บ)
and a dropped vowel. The lattice itself is ``lattice.decode``; this module
says when it restores marks.

Known limit: a unigram model has no context beyond the words themselves, so
``น้า`` (aunt) before a word it does not form a compound with becomes ``น้ำ``
(water), ten times as frequent. In circulars water is the common reading.
"""

from __future__ import annotations

from pipeline.normalise import lattice, words

TONES = lattice.TONES
UPPER_VOWELS = lattice.UPPER_VOWELS
SARA_AA, SARA_AM = lattice.SARA_AA, lattice.SARA_AM
EDIT_COST = lattice.TONE_COST


def may_have_lost_a_mark(run: str) -> bool:
    return any(
        (ch in UPPER_VOWELS and (i + 1 == len(run) or run[i + 1] not in TONES))
        or (ch == SARA_AA and i > 0 and run[i - 1] in TONES)
        for i, ch in enumerate(run)
    )


def restored_tokens(run: str) -> list[lattice.Token]:
    """The words of one Thai run whose marks the likeliest reading restores,
    away from damage the lexicon cannot read (``words.damage_windows``):
    there ``words.word_edits`` reads the marks together with the letters
    (``ห้องถิน`` -> ``ท้องถิ่น``, ``หนงสือ`` -> ``หนังสือ`` not ``หนงสื่อ``)."""
    if not may_have_lost_a_mark(run):
        return []
    edited = lattice.edited(lattice.with_marks(run))
    if edited and any(lattice.suspects(run)):
        windows = words.damage_windows(run)
        edited = [t for t in edited if not any(t.start < b and a < t.end for a, b in windows)]
    return edited
