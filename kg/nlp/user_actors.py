"""A user's own actors file, added to the shipped gazetteer (issue 10, item 3).

Two shapes:

* **Turtle** in the shape of ``kg/data/actors.ttl`` (``.ttl``): read like the shipped file.
* **CSV** (``.csv``) with the columns ``name, aliases, kind, part-of, Wikidata id``; aliases
  separated by ``;``; ``kind`` one of the ontology's actor classes (empty: ``Group``);
  ``part-of`` an actor id or a name the gazetteer knows; a header row is optional. The
  actor's id is ``slugify(name)``.

:func:`load_user_actors` reads either; :func:`with_user_actors` lays it over a gazetteer:
the user's actors and forms win where they meet the shipped ones ("Tehran" can be made a
name of the user's own actor). A bad row is an :class:`~kg.errors.InputError` naming the
file and the line.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kg.errors import InputError
from kg.model import Actor
from kg.nlp.gazetteer import Entry, Gazetteer, load_gazetteer
from kg.rdf.iris import slugify
from kg.rdf.namespace import ID_BASE
from kg.rdf.ontology import ACTOR_CLASSES

COLUMNS = ("name", "aliases", "kind", "part-of", "wikidata")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def load_user_actors(path: str | Path, base: Gazetteer | None = None) -> Gazetteer:
    """The actors of a user's file (Turtle or CSV, by suffix) as a :class:`Gazetteer` of their own.

    ``base`` resolves a CSV ``part-of`` written as a name ("Iran"); an id is taken as written.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such actors file")
    if path.suffix.lower() == ".csv":
        return _read_csv(path, base)
    if path.suffix.lower() in (".ttl", ".turtle"):
        gaz = load_gazetteer(path)
        if not gaz.actors:
            raise InputError(f"{path}: no actors in the file (actors are subjects under {ID_BASE}actor/)")
        return gaz
    raise InputError(f"{path}: an actors file is Turtle (.ttl) or CSV (.csv), not {path.suffix or 'no suffix'}")


def with_user_actors(base: Gazetteer, user: Gazetteer) -> Gazetteer:
    """``base`` with ``user``'s actors added; a user's actor or form wins over the shipped one."""
    actors = {**base.actors, **user.actors}
    ids = set(user.actors)
    entries = [Entry(actors[e.actor.id], e.form, e.form_kind) for e in user.entries]
    entries += [e for e in base.entries if e.actor.id not in ids]
    return Gazetteer.from_entries(actors, tuple(entries))


def _read_csv(path: Path, base: Gazetteer | None) -> Gazetteer:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read actors file: {getattr(err, 'strerror', None) or err}") from None
    actors: dict[str, Actor] = {}
    entries: list[Entry] = []
    rows = list(csv.reader(text.splitlines()))
    for n, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if n == 1 and cells[0].lower() == "name":
            continue  # the header
        actor, forms = _row(path, n, cells, base)
        if actor.id in actors:
            raise InputError(f"{path}: line {n}: actor {actor.label!r} (id {actor.id}) is listed twice")
        actors[actor.id] = actor
        entries += [Entry(actor, actor.label, "label"), *(Entry(actor, f, "alias") for f in forms)]
    if not actors:
        raise InputError(f"{path}: no actors in the file (columns: {', '.join(COLUMNS)})")
    return Gazetteer.from_entries(actors, tuple(entries))


def _row(path: Path, n: int, cells: list[str], base: Gazetteer | None) -> tuple[Actor, list[str]]:
    """One CSV row -> the actor and its aliases (an error names the file and the line)."""
    if len(cells) > len(COLUMNS):
        raise InputError(
            f"{path}: line {n}: {len(cells)} columns, expected at most {len(COLUMNS)} ({', '.join(COLUMNS)})"
        )
    name, aliases, kind, part_of, qid = (cells + [""] * len(COLUMNS))[: len(COLUMNS)]
    slug = slugify(name) if any(c.isalnum() for c in name) else ""
    if not slug:
        raise InputError(f"{path}: line {n}: the name is empty")
    kind = kind or "Group"
    if kind not in ACTOR_CLASSES:
        raise InputError(f"{path}: line {n}: unknown kind {kind!r} (one of {', '.join(ACTOR_CLASSES)})")
    if qid and not _QID.match(qid):
        raise InputError(f"{path}: line {n}: {qid!r} is not a Wikidata id (Q followed by digits)")
    owner = None
    if part_of:
        hit = base.lookup(part_of) if base is not None else None
        owner = hit.actor.id if hit is not None else slugify(part_of)
        if not owner:
            raise InputError(f"{path}: line {n}: part-of {part_of!r} names no actor")
    forms = [a.strip() for a in aliases.split(";") if a.strip() and a.strip() != name]
    return Actor(id=slug, label=name, kind=kind, wikidata=qid or None, aliases=tuple(forms), part_of=owner), forms
