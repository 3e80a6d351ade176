"""kg commands: nlp (``kg extract``, ``kg eval``).

Each command parses its options, calls one library function and prints. spaCy is
imported inside the commands, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._app import (
    actors_option,
    command,
    format_option,
    lexicon_option,
    model_option,
    output_option,
    progress_option,
    show_progress,
)
from kg.model import MIN_CONFIDENCE

#: The columns of ``kg extract --format table`` when they fit the terminal; else :data:`NARROW_HEADERS`
#: (as a table, or as one block of lines per mention when even those do not fit).
TABLE_HEADERS = ["document", "subject", "relation", "object", "polarity", "flags", "conf.", "sentence"]
NARROW_HEADERS = ["document", "subject", "relation (conf.)", "object", "sentence"]


def _flags(m) -> str:
    return ",".join(f for f, on in (("negated", m.negated), ("hedged", m.hedged)) if on) or "-"


def _row(m, wide: bool) -> list[str]:
    subject, obj = m.subject_text or m.subject.label, m.object_text or m.object.label
    if wide:
        return [m.doc_id, subject, m.predicate, obj, m.polarity, _flags(m), f"{m.confidence:.2f}", m.sentence]
    flags = "" if _flags(m) == "-" else f", {_flags(m)}"
    return [m.doc_id, subject, f"{m.predicate} ({m.confidence:.2f}{flags})", obj, m.sentence]


def _table(mentions: list, documents: int, width: int) -> str:
    """The mentions as the widest table that fits ``width``, as records if none does; one line if none."""
    from kg.queries.format import column_widths, render_rows, render_table
    from kg.wording import counted

    if not mentions:
        return f"Nothing found: no relation mention in {counted(documents, 'document')}."
    wide = [_row(m, True) for m in mentions]
    widths = column_widths(TABLE_HEADERS, wide, width=width, max_width=24)
    if widths is not None:
        return render_table(TABLE_HEADERS, wide, widths)
    return render_rows(NARROW_HEADERS, [_row(m, False) for m in mentions], width=width, max_width=24)


@command("extract")
def extract_command(
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="Files or folders (txt, md, html, jsonl)."),
    fmt: str = format_option(("jsonl", "table"), "jsonl", "jsonl (one mention per line) or table (fits the terminal)."),
    output: str | None = output_option(),
    workers: int = typer.Option(1, "--workers", min=1, metavar="N", help="Processes for the spaCy parser."),
    progress: bool | None = progress_option(),
    min_confidence: float = typer.Option(
        MIN_CONFIDENCE,
        "--min-confidence",
        min=0.0,
        max=1.0,
        metavar="P",
        help="Drop mentions below this confidence (0 keeps all).",
    ),
    model: str | None = model_option(),
    actors: str | None = actors_option(),
    lexicon: str | None = lexicon_option(),
) -> None:
    """Print the relation mentions found in documents: one JSON object per line, or a table.

    Unreadable inputs are reported on stderr (`kg: error: FILE: problem`); the others are
    still processed and the exit code is 1 at the end.

    Examples:

        kg extract seeds/vox-us-iran-tacit-cooperation.txt --format table

        kg extract my-corpus --actors my-actors.csv --lexicon my-lexicon.tsv -o mentions.jsonl
    """
    import shutil

    from kg.cli._io import emit, missing_inputs
    from kg.cli._nlp import resolve
    from kg.nlp.pipeline import extract_paths
    from kg.wording import counted

    missing_inputs(paths)
    settings = resolve(model, actors, lexicon)
    width = shutil.get_terminal_size().columns
    failed = documents = found = 0
    lines: list[str] = []
    mentions: list = []
    items = extract_paths(
        paths, workers=workers, progress=show_progress(progress), min_confidence=min_confidence, **settings.as_kwargs()
    )
    for item in items:
        if isinstance(item, Exception):
            failed += 1
            typer.echo(f"kg: error: {item}", err=True)
            continue
        documents += 1
        for m in item[1]:
            found += 1
            if fmt == "table":
                mentions.append(m)
            elif output is None:
                typer.echo(json.dumps(m.to_json(), ensure_ascii=False))  # streamed: a long run shows lines at once
            else:
                lines.append(json.dumps(m.to_json(), ensure_ascii=False))
    if fmt == "table":
        emit(_table(mentions, documents, width), output)
    elif output is not None:
        emit("\n".join(lines), output)
    typer.echo(
        f"kg: {counted(documents, 'document')} read, {counted(found, 'relation mention')}, "
        f"{counted(failed, 'input')} unreadable",
        err=True,
    )
    if failed:
        raise typer.Exit(1)


@command("eval")
def eval_command(
    gold: list[Path] = typer.Argument(..., metavar="GOLD", help="Gold JSONL files (id, text, relations)."),
    show_errors: int = typer.Option(
        10, "--show-errors", min=0, metavar="N", help="How many misses and false hits to list."
    ),
    fmt: str = format_option(("text", "json"), "text", "text or json."),
    output: str | None = output_option(),
    calibration: bool = typer.Option(False, "--calibration", help="Also print precision by extraction pattern."),
    write_rates: Path | None = typer.Option(
        None,
        "--write-rates",
        metavar="FILE",
        help="Fit the confidence model on all the gold files together and write it to FILE (load it with "
        "the kg_relations setting 'confidence').",
    ),
    min_confidence: float = typer.Option(
        MIN_CONFIDENCE,
        "--min-confidence",
        min=0.0,
        max=1.0,
        metavar="P",
        help="Score only mentions at or above this confidence, as kg extract prints them (0 = all).",
    ),
) -> None:
    """Score the NLP stage against gold relations: P/R/F1 per polarity and overall.

    Example:

        kg eval gold.jsonl --show-errors 20 --calibration
    """
    import kg
    from kg.cli._io import emit, missing_inputs
    from kg.errors import InputError
    from kg.nlp.eval import evaluate_files

    missing_inputs(gold)
    if write_rates is not None and write_rates.resolve().is_relative_to(Path(kg.__file__).resolve().parent):
        raise InputError(f"{write_rates}: inside the installed kg package; write your model elsewhere")
    reports, text = evaluate_files(
        gold,
        show_errors=show_errors,
        as_json=fmt == "json",
        calibration=calibration,
        write=write_rates,
        min_confidence=min_confidence,
    )
    emit(text, output)
