"""The cross-reference audit (``circulars audit``, pipeline/audit): the seed
bundle's two expected findings, bundles made here with deliberate one-digit
discrepancies, the index against an all-pairs scan, duplicate numbers, the
output formats and exit codes, and the measured confusion table."""

from __future__ import annotations

import csv
import io
import json
import random
from importlib import resources

import pytest
from click.testing import CliRunner

from helpers import SEEDS
from pipeline.api import records_from_text
from pipeline.audit import audit_documents
from pipeline.audit.compare import char_edits, distance, likely_same_letter
from pipeline.audit.confusions import is_known_confusion
from pipeline.audit.corpus import documents_of
from pipeline.audit.index import LetterIndex
from pipeline.audit.linking import nearest
from pipeline.audit.numbers import CitedNumber
from pipeline.cli import cli
from pipeline.errors import FINDINGS_EXIT_CODE, InvalidRecordError, SomeInputsFailed
from pipeline.textutil import THAI_DIGITS

SEED_000 = SEEDS / "000_e2df889fe838dc62.txt"
THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


def thai(text: str) -> str:
    return text.translate(str.maketrans("0123456789", THAI_DIGITS))


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --------------------------------------------------------------------------
# seed 000: the two findings of the ground truth, nothing else
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_report():
    result = run("audit", str(SEED_000), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _chars(finding, component):
    diff = next(d for d in finding["differences"] if d["component"] == component)
    return [(c["cited"], c["found"], c["known_confusion"]) for c in diff["characters"]], diff["change"]


def test_seed_000_reports_exactly_the_two_expected_findings(seed_report):
    findings = seed_report["findings"]
    assert [(f["kind"], f["number"], f["nearest"]["letter_number"]) for f in findings] == [
        ("match_with_differences", "มท 0410.6/ว 1689", "มท 0810.6/"),
        ("match_with_differences", "มท 0207.4/ว 9603", "มท 0207.5/ว 8603"),
    ]
    assert seed_report["summary"]["references"] == 2
    assert seed_report["summary"]["duplicate_number"] == seed_report["summary"]["unresolved"] == 0


def test_seed_000_phayao_citation_differs_from_the_dla_letter(seed_report):
    phayao = seed_report["findings"][0]
    assert phayao["citing"]["letter_number"] == "พย 0023.3/ว 2568"
    assert _chars(phayao, "unit_code") == ([("4", "8", True)], "characters")
    assert _chars(phayao, "sequence") == ([], "missing_in_letter")
    date = next(d for d in phayao["differences"] if d["component"] == "date")
    assert (date["cited"], date["found"]) == ("2025-06-08", "2022-05-25")
    assert phayao["likely_same_letter"] is False


def test_seed_000_dla_citation_is_likely_the_memo(seed_report):
    dla = seed_report["findings"][1]
    assert dla["citing"]["letter_number"] == "มท 0810.6/"
    assert dla["nearest"]["doc_type"] == "memo"
    assert _chars(dla, "unit_code") == ([("4", "5", True)], "characters")
    assert _chars(dla, "sequence") == ([("9", "8", True)], "characters")
    assert not any(d["component"] == "date" for d in dla["differences"])
    assert dla["likely_same_letter"] is True


def test_seed_000_table_names_the_pairs_and_the_documents():
    result = run("audit", str(SEED_000))
    assert result.exit_code == 0
    out = result.stdout
    assert "4/8 known OCR confusion" in out and "4/5 known OCR confusion" in out and "9/8 known OCR confusion" in out
    assert f"{SEED_000} doc 1" in out and f"-> {SEED_000} doc 3" in out
    assert "likely same letter" in out


def test_fail_on_findings_exit_code():
    assert run("audit", str(SEED_000), "--fail-on-findings", "-q").exit_code == FINDINGS_EXIT_CODE


# --------------------------------------------------------------------------
# bundles made here: deliberate one-digit discrepancies
# --------------------------------------------------------------------------


def letter_text(number: str, date: str, subject: str, cites: list[tuple[str, str]]) -> str:
    """A short external letter (Thai digits, as printed) citing CITES in its
    อ้างถึง line and body."""
    refs = f"อ้างถึง หนังสือสำนักงาน ก.พ. ที่ {thai(cites[0][0])} ลงวันที่ {thai(cites[0][1])}\n" if cites else ""
    body = "".join(f"ซึ่งต่อมาได้มีหนังสือ ที่ {thai(n)} ลงวันที่ {thai(d)} แจ้งเพิ่มเติม\n" for n, d in cites[1:])
    return (
        f"ที่ {thai(number)}\nสำนักงาน ก.พ.\nถนนติวานนท์ จังหวัดนนทบุรี ๑๑๐๐๐\n{thai(date)}\n"
        f"เรื่อง {subject}\nเรียน ผู้ว่าราชการจังหวัด ทุกจังหวัด\n{refs}"
        f"ตามหนังสือที่อ้างถึง สำนักงาน ก.พ. ได้แจ้งแนวทางการปฏิบัติ\n{body}"
        "จึงเรียนมาเพื่อโปรดทราบ\nขอแสดงความนับถือ\n(นายสมชาย ใจดี)\nเลขาธิการ ก.พ.\n"
    )


# (prefix, unit, sequence, day, month, Buddhist year): far apart, so that one
# changed digit never lands on another letter.
CITED = [
    ("นร", "0505", "165", 12, 1, 2567),
    ("กค", "0416.2", "393", 23, 10, 2560),
    ("มท", "0810.6", "2718", 14, 5, 2565),
]


def number_of(prefix, unit, sequence):
    return f"{prefix} {unit}/ว {sequence}"


def date_of(day, month, year):
    return f"{day} {THAI_MONTHS[month - 1]} {year}"


def other_digit(d: str, confusable: bool) -> str:
    options = [x for x in "0123456789" if x != d and is_known_confusion(d, x) == confusable]
    return options[0] if options else next(x for x in "0123456789" if x != d)


def one_digit_variants():
    """(cited number, cited date, letter index, component, position, cited char, found char)
    for every digit of every CITED letter, changed once to a confusable and once to a
    non-confusable digit where the table has one."""
    out = []
    for i, (prefix, unit, seq, day, month, year) in enumerate(CITED):
        number, date = number_of(prefix, unit, seq), date_of(day, month, year)
        for component, text in (("unit_code", unit), ("sequence", seq)):
            for pos, ch in enumerate(text):
                if not ch.isdigit():
                    continue
                for confusable in (True, False):
                    new = other_digit(ch, confusable)
                    changed = text[:pos] + new + text[pos + 1:]
                    parts = {"unit_code": unit, "sequence": seq} | {component: changed}
                    out.append((number_of(prefix, parts["unit_code"], parts["sequence"]), date, i, component, pos, new, ch))
        for part, text in (("day", str(day)), ("year", str(year))):
            for pos, ch in enumerate(text):
                new = other_digit(ch, False)
                changed = text[:pos] + new + text[pos + 1:]
                if str(int(changed)) != changed or not (1 <= int(changed) <= 28 if part == "day" else 2550 <= int(changed) <= 2569):
                    continue  # would not be printed with as many digits, or not read as a date
                d, y = (int(changed), year) if part == "day" else (day, int(changed))
                out.append((number, date_of(d, month, y), i, "date", pos, new, ch))
    out = list(dict.fromkeys(out))
    return out


@pytest.fixture(scope="module")
def variant_bundle():
    variants = one_digit_variants()
    exact = [(number_of(p, u, s), date_of(d, m, y)) for p, u, s, d, m, y in CITED]
    citations = exact + [(n, d) for n, d, *_ in variants]
    cited_letters = [letter_text(n, d, f"เรื่องทดสอบที่ {k}", []) for k, (n, d) in enumerate(exact)]
    # the citing letters carry far-away numbers of their own, ten citations each
    citing = [
        letter_text(f"ศธ 0{7000 + k}/ว {900 + k}", "3 มีนาคม 2568", f"หนังสือนำส่งที่ {k}", citations[start:start + 10])
        for k, start in enumerate(range(0, len(citations), 10))
    ]
    records = records_from_text("\f".join(cited_letters + citing), path="bundle.txt")
    report = audit_documents(documents_of(records))
    return citations, variants, records, report


def test_bundle_extracts_every_citation(variant_bundle):
    citations, _, records, _ = variant_bundle
    got = [(r.letter_number.normalised, r.date is not None) for rec in records for r in rec.references]
    assert got == [(number, True) for number, _ in citations]
    assert len(got) > 50


def test_every_correct_citation_is_a_match(variant_bundle):
    _, _, records, report = variant_bundle
    matches = [f for f in report.findings if f.kind == "match"]
    assert [(f.nearest.letter_number, f.nearest.date) for f in matches] == [
        (rec.letter_number.normalised, rec.date.iso) for rec in records[:len(CITED)]
    ]
    assert all(f.nearest.path == "bundle.txt" and f.nearest.pages == [n] for n, f in enumerate(matches, 1))


def test_every_one_digit_discrepancy_is_found_and_named(variant_bundle):
    _, variants, records, report = variant_bundle
    found = [f for f in report.findings if f.kind != "match"]
    assert len(found) == len(variants)
    assert report.summary.unresolved == report.summary.duplicate_number == 0
    for f, (number, _, letter, component, pos, cited, expected) in zip(found, variants):
        assert f.kind == "match_with_differences"
        assert f.number == number
        assert f.nearest.letter_number == records[letter].letter_number.normalised
        assert [d.component for d in f.differences] == [component]
        (char,) = f.differences[0].characters
        assert (char.position, char.cited, char.found) == (pos, cited, expected)
        assert char.known_confusion == is_known_confusion(cited, expected)
        assert f.citing.path == "bundle.txt" and f.citing.pages


def test_a_citation_of_a_letter_outside_the_bundle_is_unresolved():
    text = "\f".join([
        letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", []),
        letter_text("ศธ 07001/ว 901", "3 มีนาคม 2568", "สอง", [("นร 0505/ว 165", "12 มกราคม 2567"), ("กค 0999.1/ว 77", "5 มีนาคม 2561")]),
    ])
    report = audit_documents(documents_of(records_from_text(text, path="b.txt")))
    assert [(f.kind, f.number) for f in report.findings] == [("match", "นร 0505/ว 165"), ("unresolved", "กค 0999.1/ว 77")]
    assert report.findings[1].nearest is None and report.findings[1].citing.pages == [2]


def test_a_letter_does_not_resolve_its_own_number():
    own = letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", [("นร 0505/ว 165", "12 มกราคม 2567")])
    report = audit_documents(documents_of(records_from_text(own, path="b.txt")))
    assert report.findings == [] and report.summary.self_references_skipped == 1
    # cited under another date it is another letter: not linked to itself
    other = letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", [("นร 0505/ว 165", "12 มกราคม 2566")])
    report = audit_documents(documents_of(records_from_text(other, path="b.txt")))
    assert [f.kind for f in report.findings] == ["unresolved"]


# --------------------------------------------------------------------------
# duplicate numbers
# --------------------------------------------------------------------------


def test_two_letters_with_one_number_are_reported_with_both_documents():
    text = "\f".join([
        letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", []),
        letter_text("นร 0505/ว 165", "19 มกราคม 2567", "สอง", []),
        letter_text("นร 0505/ว 166", "19 มกราคม 2567", "สาม", []),
    ])
    report = audit_documents(documents_of(records_from_text(text, path="b.txt")))
    (dup,) = report.findings
    assert dup.kind == "duplicate_number" and dup.number == "นร 0505/ว 165"
    assert [(d.path, d.pages, d.date) for d in dup.letters] == [("b.txt", [1], "2024-01-12"), ("b.txt", [2], "2024-01-19")]


def test_a_copy_of_one_letter_is_not_a_duplicate_number():
    one = letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", [])
    report = audit_documents(documents_of(records_from_text(one + "\f" + one, path="b.txt")))
    assert report.findings == []


# --------------------------------------------------------------------------
# comparison rules and the index
# --------------------------------------------------------------------------


def cn(prefix="มท", unit="0207.5", sequence="8603", date="2022-05-26", circular=True):
    if date is None:
        return CitedNumber(prefix, unit, circular, sequence, None, None, None, None)
    return CitedNumber(prefix, unit, circular, sequence, date, str(int(date[8:])), int(date[5:7]), str(int(date[:4]) + 543))


def test_char_edits_align_substitutions_and_missing_characters():
    assert char_edits("8603", "8603") == []
    assert char_edits("9603", "8603") == [(0, "9", "8")]
    assert char_edits("8603", "863") == [(2, "0", "")]
    assert char_edits("863", "8603") == [(2, "", "0")]
    assert char_edits("1234", "5678") is None


@pytest.mark.parametrize(
    "letter,near",
    [
        (cn(sequence="8613", date="2023-01-01"), True),  # rule 1: one character, any date
        (cn(prefix="มห", date="2023-01-01"), True),  # rule 1: prefix one character
        (cn(unit="0207.4", sequence="9603"), True),  # rule 2: two characters, same day
        (cn(unit="0207.4", sequence="9603", date="2022-05-27"), False),  # two characters, another day
        (cn(sequence="1234"), False),  # running number far off
        (cn(unit="0201.4"), False),  # unit code two characters off
        (cn(unit="0207.4", sequence=None, circular=False, date="2020-01-01"), True),  # rule 3
        (cn(prefix="มห", sequence=None), False),  # rule 3 needs the same prefix
    ],
)
def test_near_enough_rules(letter, near):
    assert (distance(cn(), letter) is not None) == near


def test_a_citation_without_running_number_needs_the_same_day():
    assert distance(cn(sequence=None), cn()) is not None
    assert distance(cn(sequence=None), cn(date="2022-05-27")) is None


def test_distance_prefers_confusable_digits_and_the_same_date():
    confusable = distance(cn(), cn(sequence="9603"))  # 8/9 read alike
    plain = distance(cn(), cn(sequence="1603"))
    assert 0 < confusable < plain
    assert distance(cn(), cn(date="2022-05-27")) > 0
    assert distance(cn(), cn(circular=False)) < confusable
    assert likely_same_letter(cn(unit="0207.4", sequence="9603"), cn()) is True
    assert likely_same_letter(cn(sequence="1603"), cn()) is False


def test_index_finds_what_an_all_pairs_scan_finds():
    rng = random.Random(7)
    offices = [(rng.choice(["มท", "มห", "นร", "กค"]), rng.choice(["0207.5", "0207.4", "0810.6", "04045", "0603.09"])) for _ in range(8)]
    dates = ["2022-05-25", "2022-05-26", "2023-01-10", None]

    def random_number():
        prefix, unit = rng.choice(offices)
        seq = None if rng.random() < 0.1 else str(rng.randint(1, 120))
        return cn(prefix, unit, seq, rng.choice(dates), rng.random() < 0.5)

    def perturb(n: CitedNumber) -> CitedNumber:
        prefix, unit, seq = n.prefix, n.unit, n.sequence
        for _ in range(rng.randint(0, 3)):
            which = rng.choice(["unit", "seq", "drop", "date"])
            if which == "unit":
                i = rng.randrange(len(unit))
                unit = unit[:i] + rng.choice("0123456789") + unit[i + 1:]
            elif which == "seq" and seq:
                i = rng.randrange(len(seq))
                seq = seq[:i] + rng.choice(["", rng.choice("0123456789")]) + seq[i + 1:] or None
            elif which == "drop":
                seq = None
        return cn(prefix, unit, seq, rng.choice(dates) if rng.random() < 0.3 else n.date, n.circular)

    letters = [random_number() for _ in range(400)]
    index = LetterIndex(letters)
    near = 0
    for _ in range(600):
        cited = perturb(rng.choice(letters)) if rng.random() < 0.8 else random_number()
        scan = [d for d in (distance(cited, letter) for letter in letters) if d is not None]
        found = nearest(cited, index)
        assert (found[0] if found else None) == (min(scan) if scan else None)
        near += bool(scan)
    assert near > 300  # the sample exercises the near-miss rules, not only exact hits


# --------------------------------------------------------------------------
# inputs, formats and exit codes
# --------------------------------------------------------------------------


def test_jsonl_input_gives_the_same_findings_as_the_raw_input(tmp_path):
    out = tmp_path / "s0.jsonl"
    assert run("process", str(SEED_000), "-o", str(out), "-q").exit_code == 0
    from_jsonl = run("audit", str(out), "--format", "jsonl").stdout
    from_raw = run("audit", str(SEED_000), "--format", "jsonl").stdout
    assert from_jsonl == from_raw and len(from_jsonl.splitlines()) == 2


def test_an_invalid_jsonl_line_stops_the_audit(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema_version": "1", "doc_type": "memo"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(bad)])
    assert result.exit_code == InvalidRecordError.exit_code
    assert "line 1 is not a record" in result.stderr


def test_a_failed_raw_input_is_reported_and_the_rest_audited(tmp_path):
    result = CliRunner().invoke(cli, ["audit", str(SEED_000), str(tmp_path / "missing.txt"), "--format", "jsonl"])
    assert result.exit_code == SomeInputsFailed.exit_code
    assert "missing.txt" in result.stderr and len(result.stdout.splitlines()) == 2


def test_csv_and_json_output_keep_thai_and_name_the_pairs(tmp_path):
    rows = list(csv.DictReader(io.StringIO(run("audit", str(SEED_000), "--format", "csv").stdout)))
    assert [r["confusable_pairs"] for r in rows] == ["4/8", "4/5 9/8"]
    assert rows[1]["nearest_number"] == "มท 0207.5/ว 8603" and rows[1]["likely_same_letter"] == "true"
    out = tmp_path / "audit.json"
    assert run("audit", str(SEED_000), "--format", "json", "-o", str(out), "-q").exit_code == 0
    assert "มท 0207.5/ว 8603" in out.read_text(encoding="utf-8")  # ensure_ascii=False


def test_only_findings_leaves_out_plain_matches(tmp_path):
    text = "\f".join([
        letter_text("นร 0505/ว 165", "12 มกราคม 2567", "หนึ่ง", []),
        letter_text("ศธ 07001/ว 901", "3 มีนาคม 2568", "สอง", [("นร 0505/ว 165", "12 มกราคม 2567")]),
    ])
    runner = CliRunner()
    bundle = tmp_path / "b.txt"
    bundle.write_text(text, encoding="utf-8")
    everything = runner.invoke(cli, ["audit", str(bundle), "--format", "jsonl", "--fail-on-findings"])
    only = runner.invoke(cli, ["audit", str(bundle), "--format", "jsonl", "--only-findings"])
    assert everything.exit_code == 0 and json.loads(everything.stdout)["kind"] == "match"
    assert only.exit_code == 0 and only.stdout == ""


# --------------------------------------------------------------------------
# the measured confusion table
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def confusion_table():
    with resources.files("pipeline.data").joinpath("digit_confusions.json").open(encoding="utf-8") as f:
        return json.load(f)


def test_confusion_table_is_measured_and_says_how(confusion_table):
    measured = confusion_table["measured"]
    assert len(measured["fonts"]) >= 2 and measured["lines"] >= 200 and measured["digits_counted"] > 1000
    assert measured["config"] == "--psm 7" and measured["lang"] == "tha+eng"
    for digit, row in confusion_table["counts"].items():
        assert sum(row.values()) >= 100, f"too few samples of {digit}"


def test_stock_tha_cannot_write_four_six_seven_eight_nine(confusion_table):
    p = confusion_table["probabilities"]
    for digit in "46789":
        assert p[digit].get(digit, 0.0) < 0.05
    assert max(p["4"], key=p["4"].get) == "5" and max(p["8"], key=p["8"].get) == "5"
    assert max(p["7"], key=p["7"].get) == "3" and max(p["9"], key=p["9"].get) == "5"
    assert max(p["6"], key=p["6"].get) in ("2", "0")


def test_known_confusions_follow_the_threshold(confusion_table):
    threshold = confusion_table["threshold"]
    pairs = {tuple(e["pair"]) for e in confusion_table["known_confusable"]}
    assert all(e["rate"] >= threshold for e in confusion_table["known_confusable"])
    assert {("4", "5"), ("4", "8"), ("5", "8"), ("8", "9")} <= pairs
    assert is_known_confusion("8", "4") and not is_known_confusion("1", "8")
