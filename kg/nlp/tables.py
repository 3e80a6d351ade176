"""The data tables of the NLP stage (``nouns.tsv``, ``lexicon.tsv``, ``hedges.tsv``, ``confidence.json``).

They are read once per process and returned as small frozen records. The files are
data, not code: extend the lexicon by adding a line, not by editing the component.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str):
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [cell.strip() for cell in line.split("\t")]


@dataclass(frozen=True)
class NounTables:
    """Group nouns (lemma -> actor kind), titles, leader surnames (-> state id), descriptions."""

    groups: dict[str, str]
    titles: frozenset[str]
    leaders: dict[str, str]
    descriptions: dict[str, str]
    notnames: frozenset[str] = frozenset()


@cache
def noun_tables() -> NounTables:
    """Read ``nouns.tsv``.

    Examples
    --------
    >>> noun_tables().groups["militia"]
    'ArmedGroup'
    >>> noun_tables().leaders["obama"]
    'united-states'
    """
    groups: dict[str, str] = {}
    titles: set[str] = set()
    leaders: dict[str, str] = {}
    descs: dict[str, str] = {}
    notnames: set[str] = set()
    for row in _rows("nouns.tsv"):
        kind, lemma = row[0], row[1].lower()
        if kind == "group":
            groups[lemma] = row[2]
        elif kind == "title":
            titles.add(lemma)
        elif kind == "leader":
            leaders[lemma] = row[2]
        elif kind == "desc":
            descs[lemma] = row[2]
        elif kind == "notname":
            notnames.add(lemma)
    return NounTables(groups, frozenset(titles), leaders, descs, frozenset(notnames))


@dataclass(frozen=True)
class LexEntry:
    """One lexicon line: a trigger lemma, where its object is, the property and flags."""

    pos: str
    lemma: str
    preps: frozenset[str]
    prop: str
    flags: frozenset[str]

    @property
    def direct(self) -> bool:
        """The object is the direct object (verbs) / needs no preposition (nouns)."""
        return "-" in self.preps


@dataclass(frozen=True)
class Lexicon:
    """The relation lexicon: ``(pos, lemma) -> entries``, reversers, control verbs."""

    entries: dict[tuple[str, str], tuple[LexEntry, ...]]
    reversers: dict[str, str | None]
    control: frozenset[str]
    reliefs: dict[str, str] = None  # type: ignore[assignment]


@cache
def lexicon() -> Lexicon:
    """Read ``lexicon.tsv`` and check every property against the ontology.

    Examples
    --------
    >>> [e.prop for e in lexicon().entries[("verb", "attack")]]
    ['attacks']
    >>> lexicon().reversers["cut"]
    'sanctions'
    """
    from kg.rdf.ontology import relation_properties

    props = relation_properties()
    entries: dict[tuple[str, str], list[LexEntry]] = {}
    reversers: dict[str, str | None] = {}
    reliefs: dict[str, str] = {}
    control: set[str] = set()
    for row in _rows("lexicon.tsv"):
        pos, lemma = row[0], row[1].lower()
        if pos == "ctl":
            control.add(lemma)
            continue
        prop = row[3]
        if prop != "-" and prop not in props:
            raise ValueError(f"kg/nlp/data/lexicon.tsv: {lemma}: unknown property {prop!r}")
        if pos == "rev":
            reversers[lemma] = None if prop == "-" else prop
            continue
        if pos == "relief":
            reliefs[lemma] = prop
            continue
        flags = frozenset(f for f in (row[4].split(",") if len(row) > 4 else []) if f)
        entry = LexEntry(pos, lemma, frozenset(p.strip() for p in row[2].split(",")), prop, flags)
        entries.setdefault((pos, lemma), []).append(entry)
    return Lexicon({k: tuple(v) for k, v in entries.items()}, reversers, frozenset(control), reliefs)


@cache
def conflict_lemmas(pos: str) -> frozenset[str]:
    """Lexicon lemmas of one part of speech with an entry of conflict polarity.

    Examples
    --------
    >>> "attack" in conflict_lemmas("verb"), "support" in conflict_lemmas("verb")
    (True, False)
    """
    from kg.rdf.ontology import relation_properties

    props = relation_properties()
    return frozenset(k[1] for k, entries in lexicon().entries.items()
                     if k[0] == pos and any(props[e.prop] == "conflict" for e in entries))


@dataclass(frozen=True)
class Cues:
    """Hedging / attribution / negation cue lemmas (``hedges.tsv``)."""

    hedge: frozenset[str]
    attrib: frozenset[str]
    neg: frozenset[str]
    negdet: frozenset[str]
    report: frozenset[str] = frozenset()


@cache
def cues() -> Cues:
    """Read ``hedges.tsv``.

    Examples
    --------
    >>> "reportedly" in cues().hedge, "say" in cues().attrib
    (True, True)
    """
    sets: dict[str, set[str]] = {"hedge": set(), "attrib": set(), "neg": set(), "negdet": set(),
                                 "report": set()}
    for row in _rows("hedges.tsv"):
        sets[row[0]].add(row[1].lower())
    return Cues(**{k: frozenset(v) for k, v in sets.items()})


@cache
def confidence_model() -> dict:
    """Per-pattern base rates and adjustment factors (``confidence.json``).

    The base rates are the precision of each extraction pattern measured on the
    development sets (``kg eval --calibration`` prints them; ``kg eval
    --write-rates`` rewrites the file).

    Examples
    --------
    >>> 0 < confidence_model()["default"] < 1
    True
    """
    return json.loads((DATA_DIR / "confidence.json").read_text(encoding="utf-8"))
