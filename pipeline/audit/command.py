"""``circulars audit``: built by ``build_command`` so that ``pipeline.cli``
can hand over its shared OCR options without this module importing it (the
CLI module registers this command at its end)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from pipeline import api
from pipeline.audit.corpus import load_documents
from pipeline.audit.linking import audit_documents
from pipeline.audit.report import FORMATS, render, summary_line
from pipeline.errors import FINDINGS_EXIT_CODE, SomeInputsFailed


def build_command(ocr_options: Callable, ocr_from_options: Callable[..., api.OcrOptions]) -> click.Command:
    @click.command("audit")
    @click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
    @click.option("--only-findings", is_flag=True, help="Leave out references that match exactly.")
    @click.option(
        "--fail-on-findings", is_flag=True,
        help=f"Exit {FINDINGS_EXIT_CODE} when anything but a plain match is found.",
    )
    @click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
    @ocr_options
    def audit(inputs, fmt, output, only_findings, fail_on_findings, quiet, **ocr):
        """Link every reference to the letter it cites and report disagreements.

        INPUTS are JSONL files written by `circulars process` (each line is
        validated as a record) or raw inputs (PDF, images, .txt, folders),
        processed on the fly. Each reference is reported as a match, a match
        with differences (which components and characters differ, and whether
        each digit pair is a known OCR confusion) or unresolved; letter numbers
        carried by different letters are reported as duplicate numbers.

        Exit codes: 0 done; 3 some raw inputs failed (the rest were audited);
        5 with --fail-on-findings, a finding other than a plain match; 18 a
        JSONL line is not a record."""
        started = time.monotonic()
        report_failure = lambda exc: click.echo(exc.one_line(), err=True)  # noqa: E731
        documents, failures = load_documents(inputs, ocr_from_options(**ocr), on_failure=report_failure)
        report = audit_documents(documents)
        shown = report
        if only_findings:
            shown = report.model_copy(update={"findings": [f for f in report.findings if f.kind != "match"]})
        text = render(shown, fmt)
        if output is None:
            click.echo(text, nl=False)
        else:
            with api.atomic_writer(output) as f:
                f.write(text)
        if not quiet and (fmt != "table" or output is not None):
            click.echo(f"{summary_line(report)} ({time.monotonic() - started:.1f} s)", err=True)
        if failures:
            sys.exit(SomeInputsFailed.exit_code)
        if fail_on_findings and any(f.kind != "match" for f in report.findings):
            sys.exit(FINDINGS_EXIT_CODE)

    return audit
