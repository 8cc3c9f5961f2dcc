"""The normalise steps, one by one, and the traceability of their changes."""

from __future__ import annotations

import pytest

from pipeline.normalise import STEPS, normalise, normalise_pages, steps
from pipeline.normalise.tracked import Edit, TrackedText, undo_repairs
from tests.helpers import SEEDS


def apply(step, text):
    tracked = TrackedText(text)
    tracked.apply(step(text))
    return tracked.text


def test_step_order_is_documented():
    names = [s.__name__ for s in STEPS]
    assert names == [
        "unicode_nfc", "remove_zero_width", "map_legacy_pua", "map_lao_letters", "recompose_sara_am",
        "reorder_marks", "read_lookalikes", "strip_markup", "drop_page_furniture", "rejoin_wrapped_lines",
        "restore_dropped_marks", "repair_words", "restore_name_marks",
    ]
    import pipeline.normalise as module

    for name in names:
        assert f"``{name}``" in module.__doc__


def test_sara_am_written_in_two_parts_is_recomposed():
    assert apply(steps.recompose_sara_am, "ก\u0e4d\u0e32หนด") == "กำหนด"
    # น้ำ with the tone typed after the nikhahit, and before it
    assert apply(steps.recompose_sara_am, "น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"
    assert apply(steps.recompose_sara_am, "น\u0e49\u0e4d\u0e32") == "น\u0e49\u0e33"
    assert apply(steps.recompose_sara_am, "น\u0e33\u0e49") == "น\u0e49\u0e33"


def test_tone_mark_goes_after_its_vowel_and_duplicates_go():
    assert apply(steps.reorder_marks, "ท\u0e48\u0e35") == "ที่"
    assert apply(steps.reorder_marks, "ที่\u0e48") == "ที่"


def test_zero_width_characters_are_removed():
    assert apply(steps.remove_zero_width, "กระ\u200bทรวง\ufeff") == "กระทรวง"


@pytest.mark.parametrize(
    "before,after",
    [
        ("นางสาวอิตา ไกรนรษา^(*)", "นางสาวอิตา ไกรนรษา"),
        ("**โครงการพัฒนา**", "โครงการพัฒนา"),
        ("1\t<p>จันทร์ที่ 19</p> <p>ภาคเหนือ</p>", "1\t\nจันทร์ที่ 19 \nภาคเหนือ"),
        ('<ul style="list-style-type: none"> ● เพื่อฝึก', " ● เพื่อฝึก"),
    ],
)
def test_markup_is_stripped(before, after):
    assert apply(steps.strip_markup, before) == after


def test_page_continuation_lines_and_page_numbers_are_dropped():
    text = "โครงการ\n\n/อันเนื่องมาจาก...\n\n- ๒ -\nอันเนื่องมาจากพระราชดำริ\n/๒. วัตถุประสงค์...\n๒. วัตถุประสงค์"
    assert apply(steps.drop_page_furniture, text) == "โครงการ\n\n\nอันเนื่องมาจากพระราชดำริ\n๒. วัตถุประสงค์"


def test_a_lone_digit_is_not_a_page_number():
    # seed 004 prints the day of its date alone on a line
    assert apply(steps.drop_page_furniture, "๓\n\nพฤศจิกายน ๒๕๖๑") == "๓\n\nพฤศจิกายน ๒๕๖๑"


def test_wrapped_lines_are_rejoined_but_short_lines_and_labels_are_not():
    full = "เรื่อง โครงการอำเภอนำร่อง บำบัดทุกข์ บำรุงสุข แบบบูรณาการ และสร้างนักขับเคลื่อนยุทธศาสตร์"
    text = f"{full}\nนำการเปลี่ยนแปลง กระทรวงมหาดไทย\nเรียน ผู้ว่าราชการจังหวัด"
    assert apply(steps.rejoin_wrapped_lines, text) == (
        f"{full}นำการเปลี่ยนแปลง กระทรวงมหาดไทย\nเรียน ผู้ว่าราชการจังหวัด"
    )
    short = "กรมส่งเสริมการปกครองท้องถิ่น\nถนนนครราชสีมา เขตดุสิต"
    assert apply(steps.rejoin_wrapped_lines, short) == short


def test_rejoin_puts_a_space_before_a_conjunction_and_after_digits():
    line = "เรียน นายอำเภอทุกอำเภอ นายกองค์การบริหารส่วนจังหวัดพะเยา นายกเทศมนตรีเมืองพะเยา"
    assert apply(steps.rejoin_wrapped_lines, line + "\nและนายกเทศมนตรีเมืองดอกคำใต้").endswith("พะเยา และนายกเทศมนตรีเมืองดอกคำใต้")
    line = "สิ่งที่ส่งมาด้วย สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๔๑๐.๖/ว ๑๖๘๙"
    assert apply(steps.rejoin_wrapped_lines, line + "\nลงวันที่ ๘ มิถุนายน").endswith("๑๖๘๙ ลงวันที่ ๘ มิถุนายน")


def test_thai_digits_become_arabic_without_moving_offsets():
    result = normalise("ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓")
    assert result.text == "ที่ มท 0207.5/ว 8603"
    assert result.thai_digit_text == "ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓"
    assert result.repairs == []


def test_every_change_is_a_repair_pointing_into_the_text():
    text = "ก\u0e4d\u0e32หนด^(*)\u200b นาย"
    result = normalise(text)
    assert result.text == "กำหนด นาย"
    assert {r.reason for r in result.repairs} == {"sara-am", "markup", "zero-width"}
    for r in result.repairs:
        assert result.text[r.start : r.end] == r.replacement


def test_edits_that_touch_an_earlier_repair_are_merged_and_stay_undoable():
    tracked = TrackedText("ab^(*)cd")
    tracked.apply([Edit(2, 6, "", "markup")])
    tracked.apply([Edit(1, 3, "X", "other")])
    assert tracked.text == "aXd"
    assert len(tracked.repairs) == 1
    assert undo_repairs(tracked.text, tracked.repairs) == "ab^(*)cd"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_original_text_is_recoverable_from_the_repairs(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    result = normalise(text)
    assert result.original_text() == text
    for r in result.repairs:
        assert result.text[r.start : r.end] == r.replacement


def test_page_starts_follow_the_edits():
    result = normalise_pages(["^(*)หน้าหนึ่ง", "หน้าสอง"], first_page=1)
    assert result.text == "หน้าหนึ่ง\nหน้าสอง"
    assert result.page_of(0) == 1
    assert result.page_of(result.text.index("หน้าสอง")) == 2


@pytest.mark.parametrize(
    "damaged,restored",
    [
        ("สิงทีส่งมาด้วย", "สิ่งที่ส่งมาด้วย"),  # tone marks dropped over upper vowels
        ("ด่วนทีสุด", "ด่วนที่สุด"),
        ("กรมส่งเสริมการปกครองท้องถิน", "กรมส่งเสริมการปกครองท้องถิ่น"),
        ("การบริหารจัดการน้าเพื่อการ", "การบริหารจัดการน้ำเพื่อการ"),  # ำ written as า after a tone
        ("ห้องถินจังหวัด", "ท้องถิ่นจังหวัด"),  # ห for ท (a confusable pair) and a dropped tone
        ("นักขัปเคลื่อนยุทธศาสตร์", "นักขับเคลื่อนยุทธศาสตร์"),  # ป for บ
    ],
)
def test_marks_tesseract_cannot_write_are_restored_from_context(damaged, restored):
    # near a fragment the lexicon cannot read (สิง|ที, ถิน, ขัป), restore_dropped_marks
    # leaves the marks to repair_words, which reads them jointly with the letters
    assert apply(steps.repair_words, apply(steps.restore_dropped_marks, damaged)) == restored


@pytest.mark.parametrize("correct", ["ทีมงาน", "รุ่งเรือง", "มีความ", "ทีละคน", "ทิศทาง", "ธนวัฒน์"])
def test_correct_words_are_left_alone(correct):
    assert apply(steps.restore_dropped_marks, correct) == correct


def test_personal_names_are_never_altered():
    text = "ผู้ประสาน : นายสุรเชษฐ์ สีบุญเรือง โทร."
    assert apply(steps.restore_dropped_marks, text) == text
