"""Candidate letters for a citation, found through hashed keys instead of
comparing every reference with every letter.

Each letter is filed under a few dozen keys built from its number; a citation
probes the same kinds of keys and gets back every letter that shares one.
The keys are a symmetric deletion neighbourhood per component: a string and
each of its one-character-shorter forms. Two strings one edit apart (a
substitution, a missing or an extra character) always share one of these
forms, so each rule of ``compare`` has keys that reach every letter it allows:

  ("n", prefix, unit, sequence) with one component replaced by one of its
      forms: rule 1 (one character anywhere), and, probed with sequence None,
      rule 3 (letters without a running number);
  ("d", prefix, date, unit form): rule 2 (same day: unit within one
      character, running number anything; ``compare`` then limits it).

A citation probes O(length of its number) buckets. Keys are stored by their
hash (an int) to keep 100,000 letters' keys small; a hash collision only adds
a candidate that ``compare`` then rejects.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pipeline.audit.numbers import CitedNumber


@lru_cache(maxsize=1 << 16)  # unit codes and prefixes repeat across thousands of letters
def _forms(text: str) -> frozenset[str]:
    """The text and every text one character shorter."""
    return frozenset((text, *(text[:i] + text[i + 1 :] for i in range(len(text)))))


def _number_keys(prefix: str, unit: str, sequence: str | None) -> set[int]:
    keys = {hash(("n", p, unit, sequence)) for p in _forms(prefix)}
    keys.update(hash(("n", prefix, u, sequence)) for u in _forms(unit))
    if sequence is not None:
        keys.update(hash(("n", prefix, unit, s)) for s in _forms(sequence))
    return keys


def _day_keys(number: CitedNumber) -> set[int]:
    if number.date is None:
        return set()
    return {hash(("d", number.prefix, number.date, u)) for u in _forms(number.unit)}


def letter_keys(number: CitedNumber) -> set[int]:
    """Keys a letter is filed under."""
    return _number_keys(number.prefix, number.unit, number.sequence) | _day_keys(number)


def probe_keys(number: CitedNumber) -> set[int]:
    """Keys a citation looks up: the letter keys, plus (rule 3) the letters
    with this unit code and no running number."""
    keys = letter_keys(number)
    if number.sequence is not None:
        keys.update(hash(("n", number.prefix, u, None)) for u in _forms(number.unit))
    return keys


def exact_key(number: CitedNumber) -> int:
    return hash(("n", number.prefix, number.unit, number.sequence))


class LetterIndex:
    """Letters (positions in the sequence given) by key. A bucket holding one
    letter (most do) is stored as the bare position, not a list: 100,000
    letters file under about 1.8 million keys."""

    def __init__(self, letters: Sequence[CitedNumber]):
        self.letters = letters
        buckets: dict[int, int | list[int]] = {}
        for position, number in enumerate(letters):
            for key in letter_keys(number):
                bucket = buckets.get(key)
                if bucket is None:
                    buckets[key] = position
                elif type(bucket) is int:
                    buckets[key] = [bucket, position]
                else:
                    bucket.append(position)
        self._buckets = buckets

    def _bucket(self, key: int) -> list[int]:
        bucket = self._buckets.get(key)
        if bucket is None:
            return []
        return [bucket] if type(bucket) is int else bucket

    def same_number(self, number: CitedNumber) -> list[int]:
        """Letters whose prefix, unit code and running number are those given (or collide with them)."""
        return self._bucket(exact_key(number))

    def candidates(self, number: CitedNumber) -> set[int]:
        """Every letter that may be near enough to the citation (and a few that are not)."""
        found: set[int] = set()
        for key in probe_keys(number):
            found.update(self._bucket(key))
        return found
