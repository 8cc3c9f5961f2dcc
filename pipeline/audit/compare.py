"""How far a letter is from a citation, and whether it is near enough.

Near enough (the documented threshold; ``index`` finds every letter it allows):

  1. close number: prefix, unit code and running number together differ by at
     most one character (a substitution, a missing or an extra character),
     whatever the dates;
  2. same day: the dates agree, the prefix is equal, the unit code differs by
     at most one character and unit code and running number together by at
     most two (a missing running number counting as one);
  3. no running number: the letter has none (``ที่ มท ๐๘๑๐.๖/``, filled in by
     hand after scanning), the citation has one, the prefix is equal and the
     unit code differs by at most one character, whatever the dates.

The ``ว`` mark never decides nearness (a citation may drop it).

Distance ranks the letters near enough: each differing character costs 1, or
0.5 when both are digits that OCR is measured to confuse; a missing running
number 1; a ``ว`` on one side only 0.25; different dates 1, or 0.5 when the
month agrees and day and year differ only in confusable digits. A distance of
0 is a match.
"""

from __future__ import annotations

from pipeline.audit.confusions import confusion_rate, is_known_confusion
from pipeline.audit.numbers import CitedNumber
from pipeline.models import CharacterDifference, ComponentDifference

MAX_EDITS = 2  # the most any rule allows in one component

CHARACTER_COST = 1.0
CONFUSABLE_COST = 0.5
MISSING_SEQUENCE_COST = 1.0
CIRCULAR_COST = 0.25
DATE_COST = 1.0
CONFUSABLE_DATE_COST = 0.5

Edit = tuple[int, str, str]  # (position in the cited text, cited char or "", found char or "")


def char_edits(cited: str, found: str) -> list[Edit] | None:
    """The differing characters of two short strings along a minimal edit path;
    None when more than MAX_EDITS edits apart."""
    if cited == found:
        return []
    if len(cited) == len(found):
        diffs = [(i, a, b) for i, (a, b) in enumerate(zip(cited, found)) if a != b]
        if len(diffs) <= MAX_EDITS:
            return diffs  # two equal-length strings one or two substitutions apart: no shorter path
    elif abs(len(cited) - len(found)) > MAX_EDITS:
        return None
    return _aligned(cited, found)


def _aligned(cited: str, found: str) -> list[Edit] | None:
    n, m = len(cited), len(found)
    cost = [[i + j if i == 0 or j == 0 else 0 for j in range(m + 1)] for i in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(
                cost[i - 1][j - 1] + (cited[i - 1] != found[j - 1]),
                cost[i - 1][j] + 1,
                cost[i][j - 1] + 1,
            )
    if cost[n][m] > MAX_EDITS:
        return None
    edits: list[Edit] = []
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (cited[i - 1] != found[j - 1]):
            if cited[i - 1] != found[j - 1]:
                edits.append((i - 1, cited[i - 1], found[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            edits.append((i - 1, cited[i - 1], ""))
            i -= 1
        else:
            edits.append((i, "", found[j - 1]))
            j -= 1
    return edits[::-1]


def _edit_cost(edits: list[Edit]) -> float:
    if not edits:
        return 0.0
    return sum(CONFUSABLE_COST if is_known_confusion(a, b) else CHARACTER_COST for _, a, b in edits)


def distance(cited: CitedNumber, letter: CitedNumber) -> float | None:
    """Distance from a citation to a letter; None when the letter is not near enough."""
    prefix = char_edits(cited.prefix, letter.prefix)
    if prefix is None or len(prefix) > 1:
        return None
    unit = char_edits(cited.unit, letter.unit)
    if unit is None or len(unit) > 1:
        return None
    same_day = cited.date is not None and cited.date == letter.date
    if (cited.sequence is None) != (letter.sequence is None):
        if prefix or not (letter.sequence is None or same_day):  # rules 3 and 2
            return None
        cost = MISSING_SEQUENCE_COST
    else:
        sequence = char_edits(cited.sequence or "", letter.sequence or "")
        if sequence is None:
            return None
        edits = len(prefix) + len(unit) + len(sequence)
        if edits > 1 and not (same_day and not prefix and edits <= 2):  # rules 1 and 2
            return None
        cost = _edit_cost(sequence)
    cost += _edit_cost(prefix) + _edit_cost(unit)
    if cited.circular != letter.circular:
        cost += CIRCULAR_COST
    return cost + date_cost(cited, letter)


def date_cost(cited: CitedNumber, letter: CitedNumber) -> float:
    if cited.date is None or letter.date is None or cited.date == letter.date:
        return 0.0  # an unknown date is not compared
    if cited.month == letter.month:
        day, year = char_edits(cited.day, letter.day), char_edits(cited.year, letter.year)
        if day is not None and year is not None and all(is_known_confusion(a, b) for _, a, b in day + year):
            return CONFUSABLE_DATE_COST
    return DATE_COST


def likely_same_letter(cited: CitedNumber, letter: CitedNumber) -> bool:
    """The dates agree and every character that differs is a known OCR confusion."""
    if cited.date is None or cited.date != letter.date or (cited.sequence is None) != (letter.sequence is None):
        return False
    for a, b in ((cited.prefix, letter.prefix), (cited.unit, letter.unit), (cited.sequence or "", letter.sequence or "")):
        edits = char_edits(a, b)
        if edits is None or not all(is_known_confusion(x, y) for _, x, y in edits):
            return False
    return True


def _characters(edits: list[Edit] | None, part: str | None = None) -> list[CharacterDifference]:
    return [
        CharacterDifference(
            part=part, position=pos, cited=a, found=b,
            known_confusion=is_known_confusion(a, b), confusion_rate=confusion_rate(a, b),
        )
        for pos, a, b in edits or []
    ]


def differences(cited: CitedNumber, letter: CitedNumber) -> list[ComponentDifference]:
    """What differs between a citation and a letter, component by component."""
    out = []
    for name, a, b in (("prefix", cited.prefix, letter.prefix), ("unit_code", cited.unit, letter.unit)):
        if a != b:
            edits = char_edits(a, b)
            out.append(ComponentDifference(
                component=name, cited=a or None, found=b or None,
                change="characters" if edits is not None else "differs", characters=_characters(edits),
            ))
    if cited.circular != letter.circular:
        out.append(ComponentDifference(
            component="circular", cited="ว" if cited.circular else None, found="ว" if letter.circular else None,
            change="missing_in_letter" if cited.circular else "missing_in_citation",
        ))
    if cited.sequence != letter.sequence:
        if letter.sequence is None or cited.sequence is None:
            change = "missing_in_letter" if letter.sequence is None else "missing_in_citation"
            out.append(ComponentDifference(component="sequence", cited=cited.sequence, found=letter.sequence, change=change))
        else:
            edits = char_edits(cited.sequence, letter.sequence)
            out.append(ComponentDifference(
                component="sequence", cited=cited.sequence, found=letter.sequence,
                change="characters" if edits is not None else "differs", characters=_characters(edits),
            ))
    if cited.date is not None and letter.date is not None and cited.date != letter.date:
        characters = []
        if cited.month == letter.month:  # printed digits only: the month is a word
            characters = _characters(char_edits(cited.day, letter.day), "day") + _characters(
                char_edits(cited.year, letter.year), "year"
            )
        change = "characters" if characters else "differs"
        out.append(ComponentDifference(component="date", cited=cited.date, found=letter.date, change=change, characters=characters))
    return out
