"""Batch runs (issue 6): workers, resumable cache, bad inputs that never cost
the good ones their records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.batch import run_batch
from tests.helpers import FIXTURES, REPO, SEEDS

BAD = FIXTURES / "bad"
GOOD = [SEEDS / "000_e2df889fe838dc62.txt", SEEDS / "004_ada285b3700ae7d6.txt"]
GOOD_DOCUMENTS = 4 + 2


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def test_two_workers_write_what_one_writes_in_input_order(tmp_path):
    inputs = [SEEDS]  # a folder: every seed, recursively, sorted
    one = run_batch(inputs, tmp_path / "one.jsonl", jobs=1)
    two = run_batch(inputs, tmp_path / "two.jsonl", jobs=2)
    assert (one.documents, two.documents) == (one.documents, one.documents)
    assert lines(tmp_path / "one.jsonl") == lines(tmp_path / "two.jsonl")
    paths = [json.loads(line)["source"]["path"] for line in lines(tmp_path / "one.jsonl")]
    assert paths == sorted(paths)


def test_a_second_run_takes_finished_inputs_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    first = run_batch(GOOD, tmp_path / "a.jsonl", jobs=1, cache_dir=cache)
    second = run_batch(GOOD, tmp_path / "b.jsonl", jobs=1, cache_dir=cache)
    assert (first.cached, second.cached) == (0, 2)
    assert lines(tmp_path / "a.jsonl") == lines(tmp_path / "b.jsonl")


def test_a_changed_input_is_processed_again(tmp_path):
    cache = tmp_path / "cache"
    letter = tmp_path / "letter.txt"
    letter.write_bytes(GOOD[1].read_bytes())
    run_batch([letter], tmp_path / "a.jsonl", jobs=1, cache_dir=cache)
    letter.write_text(GOOD[1].read_text(encoding="utf-8").replace("๐๒๑๒.๑", "๐๒๑๒.๒"), encoding="utf-8")
    again = run_batch([letter], tmp_path / "b.jsonl", jobs=1, cache_dir=cache)
    assert again.cached == 0
    assert json.loads(lines(tmp_path / "b.jsonl")[0])["letter_number"]["unit_code"] == "0212.2"


BAD_CASES = [
    ("empty.pdf", "EmptyInputError", 11, "empty"),
    ("truncated.pdf", "CorruptPdfError", 12, "not a readable PDF"),
    ("not-a-pdf.pdf", "CorruptPdfError", 12, "not a readable PDF"),
    ("encrypted.pdf", "EncryptedPdfError", 13, "encrypted"),
    ("tiny.png", "UnreadableImageError", 14, "too small"),
    ("garbage.png", "UnreadableImageError", 14, "not a readable image"),
    ("bomb.png", "ImageTooLargeError", 17, "decompression bomb"),
    ("binary.txt", "UndecodableTextError", 15, "not UTF-8"),
    ("empty.txt", "EmptyInputError", 11, "empty"),
]


@pytest.mark.poppler
@pytest.mark.parametrize("name,error,code,words", BAD_CASES)
def test_each_bad_input_fails_alone_with_its_reason(tmp_path, name, error, code, words):
    bad = BAD / name
    if not bad.exists():
        pytest.skip(f"{bad} not generated (scripts/make_bad_inputs.py needs qpdf for it)")
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "process", str(GOOD[0]), str(bad), str(GOOD[1]), "-o", str(out), "-j", "2"],
        capture_output=True, text=True, env={**os.environ, "PYTHAINLP_OFFLINE": "1"}, cwd=REPO,
    )
    assert result.returncode == 3, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and words in errors[0]
    records = [json.loads(line) for line in lines(out)]
    assert len(records) == GOOD_DOCUMENTS
    assert {r["source"]["path"] for r in records} == {str(p) for p in GOOD}
    (failure,) = [json.loads(line) for line in lines(tmp_path / "out.failures.jsonl")]
    assert (failure["path"], failure["error"], failure["exit_code"], failure["stage"]) == (str(bad), error, code, "read")
    assert "1 failed" in result.stderr


@pytest.mark.tesseract
def test_a_page_on_which_tesseract_times_out_fails_at_the_ocr_stage(tmp_path):
    out = tmp_path / "out.jsonl"
    summary = run_batch(
        [GOOD[1], FIXTURES / "scans" / "memo_thai.pdf"], out, jobs=1,
        ocr=__import__("pipeline.api", fromlist=["OcrOptions"]).OcrOptions(timeout=0.05),
    )
    (failure,) = summary.failures
    assert (failure.error, failure.stage, failure.exit_code) == ("OcrError", "ocr", 16)
    assert "timed out" in failure.message
    assert len(lines(out)) == 2  # the text input's records are all there


def test_a_run_killed_halfway_resumes_without_losing_or_duplicating(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(30):  # distinct contents, so none is a cache hit of another
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"{i:02d}.txt").write_text(f"{text}\n\nสำเนาที่ {i}\n", encoding="utf-8")
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "pipeline.cli", "process", str(folder), "-j", "1", "-q"]

    reference = tmp_path / "reference.jsonl"
    subprocess.run(command + ["-o", str(reference), "--no-cache"], env=env, cwd=REPO, check=True)

    out = tmp_path / "out.jsonl"
    cache = tmp_path / "cache"
    run = subprocess.Popen(command + ["-o", str(out), "--cache-dir", str(cache)], env=env, cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(cache.rglob("*.jsonl"))) < 8:
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    done_before = len(list(cache.rglob("*.jsonl")))
    assert 0 < done_before < 30, "the run was not killed halfway"
    assert not out.exists()  # nothing half-written

    subprocess.run(command + ["-o", str(out), "--cache-dir", str(cache)], env=env, cwd=REPO, check=True)
    assert lines(out) == lines(reference)
    keys = [(json.loads(l)["source"]["path"], json.loads(l)["text"][:80]) for l in lines(out)]
    assert len(keys) == len(set(keys))
    assert lines(tmp_path / "out.failures.jsonl") == []


def test_a_process_of_the_pipeline_runs_one_blas_thread():
    """pipeline/__init__ asks numpy's OpenBLAS for one thread before numpy
    loads (workers are the parallelism; two BLAS threads beside Tesseract
    made the digit stage four times slower)."""
    code = "import pipeline.cli, os, numpy; print(os.environ['OPENBLAS_NUM_THREADS'])"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "1"
