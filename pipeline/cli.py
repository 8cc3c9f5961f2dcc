"""The ``circulars`` command: a thin layer over ``pipeline.api``.

Every ``CircularsError`` is reported by one handler (``_Group.invoke``) as a
single line naming the file, with the error's own exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline import __version__, api
from pipeline.audit.command import build_command as build_audit_command
from pipeline.errors import CircularsError, SomeInputsFailed
from pipeline.inputs import decode_text
from pipeline.models import AuditReport, Failure, Record


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CircularsError as exc:
            click.echo(exc.one_line(), err=True)
            ctx.exit(exc.exit_code)


def ocr_options(func):
    """The OCR options shared by every command that may OCR an input."""
    options = [
        click.option(
            "--ocr", "ocr_mode", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
            help="PDF pages: auto reads a usable text layer and OCRs the rest; always OCRs; never reads the text layer only.",
        ),
        click.option("--dpi", default=300, show_default=True, help="Resolution at which PDF pages are rasterised."),
        click.option("--lang", default="tha", show_default=True, help="Tesseract languages for the page (e-mail addresses are read again with eng)."),
        click.option("--ocr-timeout", default=120.0, show_default=True, help="Seconds Tesseract may spend on one page."),
        click.option(
            "--ocr-engine",
            type=click.Choice(["tesseract", "replay"]),
            default="tesseract",
            show_default=True,
            help="'replay' reads recorded Tesseract TSV from --replay-dir instead of running Tesseract.",
        ),
        click.option("--replay-dir", type=click.Path(file_okay=False, path_type=Path), default=None),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _ocr(ocr_mode, dpi, lang, ocr_timeout, ocr_engine, replay_dir) -> api.OcrOptions:
    return api.OcrOptions(mode=ocr_mode, engine=ocr_engine, lang=lang, dpi=dpi, timeout=ocr_timeout, replay_dir=replay_dir)


def _read_text_arg(source: str) -> tuple[str, str]:
    if source == "-":
        return decode_text(sys.stdin.buffer.read(), path="<stdin>"), "-"
    path = Path(source)
    pages = api.read_text_pages(path)
    return "\f".join(pages), str(path)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="circulars")
def cli():
    """Scanned Thai government circulars to structured records."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="JSONL file of records (default: stdout).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where finished inputs are kept so a run can resume (default: ~/.cache/thai-circulars/results).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@ocr_options
def process(inputs, output, jobs, cache_dir, no_cache, quiet, **ocr):
    """Run the whole pipeline on PDFs, images, .txt OCR output or folders of them.

    Records go to OUTPUT in input order, written atomically when the run ends;
    inputs that fail are reported on stderr and written to OUTPUT's sibling
    *.failures.jsonl. Finished inputs are cached: a stopped run started again
    resumes where it was."""
    from pipeline import batch

    show_progress = not quiet and sys.stderr.isatty()
    report = lambda failure: click.echo(  # noqa: E731
        f"error: {failure.path}: {' '.join(failure.message.split())} [{failure.stage}]", err=True)
    try:
        summary = batch.run_batch(
            inputs, output, ocr=_ocr(**ocr), jobs=jobs,
            cache_dir=None if no_cache else (cache_dir or batch.default_cache_dir()),
            progress=batch.ProgressBar() if show_progress else None,
            on_failure=report,
        )
    except KeyboardInterrupt:
        click.echo("\ninterrupted: finished inputs are cached; run the same command again to resume", err=True)
        sys.exit(130)
    if not quiet:
        click.echo(summary.line(), err=True)
    if summary.failures:
        sys.exit(SomeInputsFailed.exit_code)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Pages with word boxes and confidences as JSON lines.")
@ocr_options
def ocr(file, as_json, **ocr):
    """OCR one PDF or image and print its page text (pages separated by form feeds)."""
    from pipeline.ocr import read_pages

    options = _ocr(**ocr)
    for n, page in enumerate(read_pages(file, engine=api.ocr_engine(options), dpi=options.dpi)):
        if as_json:
            click.echo(json.dumps(page.model_dump(mode="json"), ensure_ascii=False))
        else:
            click.echo(("\f" if n else "") + page.text)


@cli.command()
@click.argument("source", default="-")
@click.option("--explain", is_flag=True, help="Also list every change (on stderr): offsets, reason, before -> after; then what could not be repaired.")
@click.option("--json", "as_json", is_flag=True, help="Print {text, thai_digit_text, repairs} as JSON.")
def normalise(source, explain, as_json):
    """Normalise OCR text from SOURCE (a .txt file, or - for stdin)."""
    text, _ = _read_text_arg(source)
    result = api.normalise_pages(text.split("\f"), first_page=1 if "\f" in text else None)
    if as_json:
        payload = {
            "text": result.text,
            "thai_digit_text": result.thai_digit_text,
            "repairs": [r.model_dump() for r in result.repairs],
            "warnings": result.warnings,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        click.echo(result.text, nl=False)
    if explain:
        for r in result.repairs:
            click.echo(f"{r.start}-{r.end} {r.reason}: {r.original!r} -> {r.replacement!r}", err=True)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)


@cli.command()
@click.argument("source", default="-")
def extract(source):
    """Extract records (JSON lines) from OCR text in SOURCE (a .txt file, or - for stdin)."""
    text, path = _read_text_arg(source)
    for record in api.records_from_text(text, path=path):
        click.echo(api.to_json_line(record), nl=False)


@cli.command()
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write the schema files here (e.g. schemas/).")
def schema(output_dir):
    """Print, or write, the JSON Schemas of the record and failure lines."""
    schemas = schema_documents()
    if output_dir is None:
        click.echo(json.dumps(schemas["record.schema.json"], ensure_ascii=False, indent=2))
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, document in schemas.items():
        (output_dir / name).write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {output_dir / name}", err=True)


# `circulars audit` lives with the audit (pipeline/audit/command.py); it takes
# the shared OCR options for raw inputs it processes on the fly.
cli.add_command(build_audit_command(ocr_options, _ocr))


def schema_documents() -> dict[str, dict]:
    return {
        "record.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema", **Record.model_json_schema()},
        "failure.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema", **Failure.model_json_schema()},
        "audit.schema.json": {"$schema": "https://json-schema.org/draft/2020-12/schema", **AuditReport.model_json_schema()},
    }


def main() -> None:
    cli(prog_name="circulars")



if __name__ == "__main__":
    main()
