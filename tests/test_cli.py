"""The circulars command: each stage runnable alone, JSON kept readable,
bad input reported in one line with its exit code and never costing the
other inputs their records."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli, schema_documents
from pipeline.errors import EXIT_CODES
from tests.helpers import REPO, SEEDS

SEED_000 = SEEDS / "000_e2df889fe838dc62.txt"
SEED_004 = SEEDS / "004_ada285b3700ae7d6.txt"


@pytest.fixture
def run():
    def invoke(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_process_writes_one_record_per_document(run, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("process", SEED_000, SEED_004, "-o", out)
    assert result.exit_code == 0, result.output
    records = read_jsonl(out)
    assert [r["doc_type"] for r in records][:4] == ["external_letter", "external_letter", "memo", "other"]
    assert "นักขับเคลื่อน" in out.read_text(encoding="utf-8")  # Thai kept readable, not \\u escapes
    assert read_jsonl(tmp_path / "out.failures.jsonl") == []


def test_process_reads_folders_recursively(run, tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_bytes(SEED_004.read_bytes())
    (tmp_path / "in" / "ignored.docx").write_bytes(b"not ours")
    result = run("process", tmp_path / "in", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0
    assert read_jsonl(tmp_path / "out.jsonl")[0]["letter_number"]["normalised"] == "มท 0212.1/18.6533"


@pytest.mark.parametrize(
    "name,content,code,words",
    [
        ("missing.txt", None, 10, "no such file"),
        ("empty.txt", b"", 11, "empty"),
        ("binary.txt", b"\x00\x01\x02\xff\xfe", 15, "not UTF-8"),
    ],
)
def test_bad_input_fails_alone(run, tmp_path, name, content, code, words):
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out.jsonl"
    result = run("process", SEED_004, bad, SEED_000, "-o", out)
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [errors[0]] and str(bad) in errors[0] and words in errors[0]
    # every good input's records are complete
    assert len(read_jsonl(out)) == 2 + 4
    (failure,) = read_jsonl(tmp_path / "out.failures.jsonl")
    assert (failure["path"], failure["exit_code"], failure["stage"]) == (str(bad), code, "read")


def test_single_file_command_exits_with_the_error_code(run, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"   \n")
    result = run("extract", bad)
    assert result.exit_code == 11
    assert result.stderr.strip() == f"error: {bad}: empty text file"


def test_legacy_thai_encoding_is_read(run, tmp_path):
    tis = tmp_path / "tis620.txt"
    tis.write_bytes(SEED_004.read_text(encoding="utf-8").encode("cp874", errors="replace"))
    result = run("extract", tis)
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["sender"]["organisation"] == "กระทรวงมหาดไทย"


def test_normalise_reads_stdin_and_explains(run):
    result = run("normalise", "-", "--explain", input="นางสาวอิตา^(*) ก\u0e4d\u0e32หนด ๑๒".encode())
    assert result.stdout == "นางสาวอิตา กำหนด 12"
    assert "markup: '^(*)' -> ''" in result.stderr
    assert "sara-am" in result.stderr


def test_extract_runs_alone_on_text(run):
    result = run("extract", SEED_000)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["letter_number"]["normalised"] for r in lines[:3]] == ["พย 0023.3/ว 2568", "มท 0810.6/", "มท 0207.5/ว 8603"]


def test_schema_files_are_fresh():
    for name, document in schema_documents().items():
        on_disk = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
        assert on_disk == document, f"schemas/{name} is stale: run `circulars schema -o schemas`"


def test_readme_documents_every_exit_code():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"| {code} |" in readme, f"exit code {code} missing from README"
