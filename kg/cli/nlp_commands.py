"""kg commands: nlp (``kg extract``, ``kg eval``).

Each command parses its options, calls one library function and prints. spaCy is
imported inside the commands, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from kg.cli._app import app

#: Same as ``kg.nlp.pipeline.MIN_CONFIDENCE`` (not imported: that module is imported lazily).
MIN_CONFIDENCE = 0.6


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


def _flags(m) -> str:
    return ",".join(f for f, on in (("negated", m.negated), ("hedged", m.hedged)) if on) or "-"


@app.command("extract")
def extract_command(
    paths: list[Path] = typer.Argument(..., help="Files or folders (txt, md, html, jsonl)."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", help="jsonl (one mention per line) or table."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes for the spaCy parser."),
    progress: bool | None = typer.Option(
        None, "--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal)."
    ),
    min_confidence: float = typer.Option(
        MIN_CONFIDENCE, "--min-confidence", min=0.0, max=1.0, help="Drop mentions below this confidence (0 keeps all)."
    ),
) -> None:
    """Print the relation mentions found in documents, one JSON object per line.

    Unreadable inputs are reported on stderr (`kg: error: FILE: problem`); the others are
    still processed and the exit code is 1 at the end.

    Example:

        kg extract seeds/vox-us-iran-tacit-cooperation.txt --format table
    """
    from kg.nlp.pipeline import extract_paths

    if progress is None:
        progress = sys.stderr.isatty()
    failed = 0
    for item in extract_paths(paths, workers=workers, progress=progress, min_confidence=min_confidence):
        if isinstance(item, Exception):
            failed += 1
            typer.echo(f"kg: error: {item}", err=True)
            continue
        doc, mentions = item
        for m in mentions:
            if fmt is ExtractFormat.jsonl:
                typer.echo(json.dumps(m.to_json(), ensure_ascii=False))
            else:
                typer.echo(
                    f"{m.doc_id[:24]:24}  {(m.subject_text or m.subject.label)[:28]:28} {m.predicate:22} "
                    f"{(m.object_text or m.object.label)[:28]:28} {m.polarity:11} {_flags(m):14} {m.confidence:.2f}"
                )
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    gold: list[Path] = typer.Argument(..., help="Gold JSONL files (id, text, relations)."),
    show_errors: int = typer.Option(10, "--show-errors", min=0, help="How many misses and false hits to list."),
    fmt: EvalFormat = typer.Option(EvalFormat.text, "--format", help="text or json."),
    calibration: bool = typer.Option(False, "--calibration", help="Also print precision by extraction pattern."),
    write_rates: Path | None = typer.Option(
        None,
        "--write-rates",
        metavar="FILE",
        help="Fit the confidence model on all the gold files together and write it to FILE (load it with "
        "the kg_relations setting 'confidence'; the shipped one is refitted with tools/refit_confidence.py).",
    ),
    min_confidence: float = typer.Option(
        MIN_CONFIDENCE,
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Score only mentions at or above this confidence, as kg extract prints them (0 = all).",
    ),
) -> None:
    """Score the NLP stage against gold relations: P/R/F1 per polarity and overall.

    Example:

        kg eval ../shared/eval/dev-plover.jsonl --show-errors 20 --calibration
    """
    from kg.eval import evaluate_files

    reports, text = evaluate_files(
        gold,
        show_errors=show_errors,
        as_json=fmt is EvalFormat.json,
        calibration=calibration,
        write=write_rates,
        min_confidence=min_confidence,
    )
    typer.echo(text)
