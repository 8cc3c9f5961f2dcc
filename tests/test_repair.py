"""Issue 4: the repair stage of normalise (garbled characters, with a trace of
every change): what can be recovered is, what cannot is reported, nothing
correct is changed."""

from __future__ import annotations

import re
import sys

import pytest

from pipeline.normalise import STEPS, normalise, steps
from pipeline.normalise.lexicon import lexicon, lookalikes
from pipeline.normalise.tracked import TrackedText
from tests.helpers import REPO, SEEDS, load_ground_truth, seed_path

LAYER_REASONS = {
    "unicode-nfc", "zero-width", "unicode-pua", "script-lao", "sara-am", "mark-order", "duplicate-mark",
    "script-latin", "script-cyrillic", "script-cjk",
    "markup", "continuation-line", "page-number", "rejoin-wrapped-line",
    "tesseract-marks", "lexicon-word", "lexicon-phrase",
}


def run(text: str, *names: str) -> str:
    """``text`` through the named steps, in the order of STEPS."""
    tracked = TrackedText(text)
    for step in STEPS:
        if step.__name__ in names:
            tracked.apply(step(tracked.text))
    return tracked.text


def expected_repairs():
    for name in ("seed-000-letters.json", "seed-004-letter.json"):
        gt = load_ground_truth(name)
        for record in gt["records"]:
            for item in record.get("repairs_expected", []):
                yield seed_path(gt), item


@pytest.fixture(scope="module")
def seeds():
    cache = {}

    def get(path):
        if path not in cache:
            text = path.read_text(encoding="utf-8")
            cache[path] = (text, normalise(text))
        return cache[path]

    return get


@pytest.mark.parametrize("path,item", sorted(set(expected_repairs())), ids=lambda v: str(v)[-30:])
def test_every_expected_repair_of_the_ground_truth_is_made(seeds, path, item):
    text, result = seeds(path)
    if item.endswith(" removed"):
        mark = item.removesuffix(" removed")
        assert mark in text and mark not in result.text
        assert any(r.original == mark and r.reason == "markup" for r in result.repairs)
        return
    damaged, fixed = item.split(" -> ")
    assert damaged in text
    assert damaged not in result.thai_digit_text
    assert result.thai_digit_text.count(fixed) >= text.count(damaged) + text.count(fixed)
    # the change is in the trace, as a repair of the lexicon layer
    assert any(
        ((r.original in damaged and r.replacement in fixed) or (damaged in r.original and fixed in r.replacement))
        and r.original
        and r.reason.startswith(("lexicon", "tesseract"))
        for r in result.repairs
    )


@pytest.mark.parametrize(
    "damaged,restored,reason",
    [
        ("สร้างนักขัปเคลื่อนยุทธศาสตร์", "สร้างนักขับเคลื่อนยุทธศาสตร์", "lexicon-word"),  # ป for บ
        ("ห้องถินจังหวัด", "ท้องถิ่นจังหวัด", "lexicon-word"),  # ห for ท and a dropped tone, read together
        ("พภบดตราชการแทน", "ปฏิบัติราชการแทน", "lexicon-phrase"),  # garbled phrase of the domain lexicon
        ("และคัดเลือกอำเภอนำร่องดีลิศต่อไป", "และคัดเลือกอำเภอนำร่องดีเลิศต่อไป", "lexicon-word"),  # dropped เ
        ("ตามหนังสือที่อ้างถึง รายละเอียดตามสิงทีส่งมาด้วย", "ตามหนังสือที่อ้างถึง รายละเอียดตามสิ่งที่ส่งมาด้วย", "tesseract-marks"),
    ],
)
def test_words_the_lexicon_cannot_cover_are_repaired(damaged, restored, reason):
    result = normalise(damaged)
    assert result.text == restored
    assert {r.reason for r in result.repairs} == {reason}
    assert result.original_text() == damaged


@pytest.mark.parametrize(
    "damaged,restored,reason",
    [
        ("คำແຄลงนໂຍບາຍຂອງคณะรัฐมนตรี", "คำแคลงนโยบายของคณะรัฐมนตรี", "script-lao"),  # Lao twins, one for one
        ("การสร้างความสามัคคีปrongดอง", "การสร้างความสามัคคีปรองดอง", "script-latin"),
        ("การแข่งขันฟุตбол", "การแข่งขันฟุตบอล", "script-cyrillic"),
        # a lost syllable, read with the page's own words (นำร่อง stands intact before)
        ("โครงการอำเภอนำร่อง ในพื้นที่อำเภอ率ร่องระดับจังหวัด", "โครงการอำเภอนำร่อง ในพื้นที่อำเภอนำร่องระดับจังหวัด", "script-cjk"),
    ],
)
def test_letters_of_other_scripts_in_a_thai_word_are_read(damaged, restored, reason):
    result = normalise(damaged)
    assert result.text == restored
    assert reason in {r.reason for r in result.repairs}
    assert result.warnings == []
    assert result.original_text() == damaged


def test_legacy_pua_glyph_forms_map_back_to_standard_code_points():
    # ป with sara i and mai ek shifted left (U+F701, U+F705), น้ำ with mai tho low (U+F70B)
    result = normalise("ป\uf701\uf705นเกล้า น\uf70bำ")
    assert result.text == "ปิ่นเกล้า น้ำ"
    assert {r.reason for r in result.repairs} == {"unicode-pua"}
    table = lookalikes()["pua"]
    assert all(chr(c) in table for c in range(0xF700, 0xF71B))
    assert table["\uf700"] == "ฐ" and table["\uf70f"] == "ญ" and table["\uf71a"] == "\u0e3a"
    assert {table[chr(c)] for c in range(0xF705, 0xF70A)} == {"\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c"}


def test_zero_width_and_sara_am_in_two_parts_are_repaired_before_the_words():
    damaged = "กระ\u200bทรวงมหาดไทย กํา\u00adหนดการ"
    result = normalise(damaged)
    assert result.text == "กระทรวงมหาดไทย กำหนดการ"
    assert result.original_text() == damaged


@pytest.mark.parametrize(
    "text,unreadable",
    [
        ("ผู้บริหารโครงการ胺กน้ำร่อง จังหวัดพะเยา", "胺"),  # no filling is clearly best
        ("การพัฒนาฟุตбольรัฐฯและการรักษา", "боль"),  # ь stands for no Thai letter: hallucinated
        ("ข้อมูลจาก東京", "東京"),
    ],
)
def test_what_cannot_be_read_is_left_in_place_and_reported_with_its_offset(text, unreadable):
    result = normalise(text)
    assert unreadable in result.text
    offset = result.text.index(unreadable)
    assert any(w.startswith(f"repair: unreadable run '{unreadable}'") and w.endswith(f" at {offset}") for w in result.warnings)


def test_warnings_give_offsets_in_the_normalised_text():
    text = "^(*)คำนำ\u200b\n\nโครงการ胺กน้ำร่อง"
    result = normalise(text)
    [warning] = result.warnings
    offset = int(warning.rsplit(" at ", 1)[1])
    assert result.text[offset] == "胺"


@pytest.mark.parametrize(
    "correct",
    [
        "ผู้ประสาน : นายสุรเชษฐ์ สีบุญเรือง โทร. ๐๖ ๑๓๐๔ ๒๒๗๗",  # a name after a title
        "นางสาวอิตา ไกรนรษา",
        "นาย สมชย ใจดี",  # a title written alone: the two words after it are the name
        "(นายประยุทธ์ รัตนเนนี่ย)",
        "สป.มท. แจ้ง ก.พ.ร. และ สตธ.",  # abbreviations
        "ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓",  # a letter code
        "ไปรษณีย์อิเล็กทรอนิกส์ saraban@dla.go.th",
        "ดูรายละเอียดที่ https://www.dla.go.th/servlet/Document และ www.moi.go.th",
        "ให้เป็นแผนเดียว (One Plan) ผ่านระบบ Zoom Cloud Meeting",
        "เข้าร่วมผ่านระบบZoomได้",  # an English word run on to Thai is left alone
        "ทีมงาน รุ่งเรือง มีความ ทีละคน ทิศทาง ธนวัฒน์",
    ],
)
def test_what_is_correct_is_never_altered(correct):
    result = normalise(correct)
    assert [r for r in result.repairs if r.reason not in ("rejoin-wrapped-line",)] == []
    assert result.warnings == []


def test_clean_sentences_of_letters_are_left_exactly_as_they_are():
    lines = [
        line
        for line in (REPO / "fixtures" / "repair" / "clean_sentences.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    text = "\n\n".join(lines)
    result = normalise(text)
    assert result.repairs == []
    assert result.warnings == []


def test_every_repair_names_its_layer_and_the_input_stays_recoverable():
    damaged = (
        "ด้วย\u200bกระทรวงมหาดไทย ป\uf701\uf705นเกล้า คำແຄลงนໂຍບາຍ สามัคคีปrongดอง อำเภอ率ร่อง\n"
        "นักขัปเคลื่อน ห้องถินจังหวัด พภบดตราชการแทน กํา^(*)หนด สิงทีส่งมาด้วย ฟุตбольรัฐฯ"
    )
    result = normalise(damaged)
    assert {r.reason for r in result.repairs} <= LAYER_REASONS | {
        f"{a}+{b}" for a in LAYER_REASONS for b in LAYER_REASONS
    }
    assert result.original_text() == damaged
    for r in result.repairs:
        assert result.text[r.start : r.end] == r.replacement


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_keep_their_unreadable_runs_and_report_them(seeds, seed):
    text, result = seeds(SEEDS / seed)
    for warning in result.warnings:
        m = re.fullmatch(r"repair: unreadable run '(.+?)'(?: in '.+?')? at (\d+)", warning)
        assert m, warning
        assert result.text[int(m.group(2)) :].startswith(m.group(1))


def test_the_lexicon_is_loaded_once_from_shipped_data():
    import os

    assert lexicon() is lexicon()
    assert os.environ.get("PYTHAINLP_OFFLINE") == "1"
    lex = lexicon()
    for word in ("ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัด", "นายอำเภอ", "พะเยา", "เมืองพะเยา", "ดอกคำใต้", "ขอแสดงความนับถือ"):
        assert lex.is_listed(word), word
    assert "ปฏิบัติราชการแทน" in lex.phrases
    assert "สป.มท." in lex.abbreviations


def test_the_steps_keep_their_style():
    # each a pure function text -> list[Edit]: the same input gives the same edits
    text = "ห้องถินจังหวัด อำเภอ率ร่อง ແຄ"
    for step in (steps.map_lao_letters, steps.read_lookalikes, steps.restore_dropped_marks, steps.repair_words):
        assert step(text) == step(text)


def test_the_repair_benchmark_runs_and_meets_its_bars():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import bench_repair
    finally:
        sys.path.pop(0)
    items = bench_repair.build(bench_repair.load_sentences(), rounds=1, seed=4)
    result = bench_repair.run(items, show=0, repeat=1)
    stats = result["stats"]
    damaged = sum(s["damaged"] for k, s in stats.items() if k != "untouched")
    restored = sum(s["restored"] for k, s in stats.items() if k != "untouched")
    assert restored / damaged >= 0.9
    assert stats["untouched"]["false"] == 0
    before = sum(s["edits_before"] for s in stats.values())
    after = sum(s["edits_after"] for s in stats.values())
    assert after <= before / 4


@pytest.mark.parametrize(
    "damaged,restored",
    [("(นายสมศักดิ ภูมิสุวรรณ)", "(นายสมศักดิ์ ภูมิสุวรรณ)")],
)
def test_a_mark_tesseract_dropped_from_a_listed_name_is_restored(damaged, restored):
    result = normalise(damaged)
    assert result.text == restored
    assert [r.reason for r in result.repairs] == ["name-marks"]


@pytest.mark.parametrize(
    "name",
    ["ผู้ประสาน : นายสุรเชษฐ์ สีบุญเรือง", "นายกิตติ ทองสุข", "นางสาวอิตา ไกรนรษา", "นายอำเภอทุกอำเภอ"],
)
def test_names_that_are_listed_or_unknown_are_left_alone(name):
    assert normalise(name).text == name


def test_the_stored_lexicon_is_the_built_one(tmp_path, monkeypatch):
    """The entries a process loads from the cache directory equal the ones
    built from the corpus; a damaged cache file is built around and replaced."""
    from pipeline.normalise import lexicon as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words, phrases = module.domain_words()
    built = module.build_entries(words, phrases)
    first = module.stored_entries(words, phrases)  # builds and stores
    (stored,) = (tmp_path / "thai-circulars" / "lexicon").glob("entries-*.marshal")
    second = module.stored_entries(words, phrases)  # loads
    assert first == built and second == built and second[0] is not first[0]
    assert second[0] == lexicon().entries
    stored.write_bytes(stored.read_bytes()[:1000])  # cut short
    assert module.stored_entries(words, phrases) == built
    assert stored.stat().st_size > 1000
    # other words: another file, and the old one goes
    module.stored_entries(words + ["คำทดสอบ"], phrases)
    assert [p.name for p in stored.parent.iterdir()] != [stored.name]
    assert len(list(stored.parent.glob("entries-*.marshal"))) == 1
