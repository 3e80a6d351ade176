"""The word lists of actor recognition (``kg/nlp/data/nouns.tsv``), read once per process.

The files are data, not code: a new group noun, title or leader is a line, not a branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files


def data_rows(name: str):
    """The non-blank, non-comment rows of a tab-separated file in ``kg/nlp/data``, as stripped cells."""
    text = files("kg.nlp").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
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
    #: words that make an actor of a force no name qualifies ("government forces") -> kind
    armed: dict[str, str] = field(default_factory=dict)
    forces: frozenset[str] = frozenset()
    rulers: frozenset[str] = frozenset()
    backers: frozenset[str] = frozenset()
    #: offices that name their state without it ("secretary of state" -> united-states)
    offices: dict[str, str] = field(default_factory=dict)
    #: abstract nouns a name qualifies as its owner ("Moroccan rule"): the label is the name alone
    abstract: frozenset[str] = frozenset()
    #: words that name a force by whom it serves ("forces loyal to X") -> their prepositions
    loyal: dict[str, frozenset[str]] = field(default_factory=dict)
    #: definite nouns that refer back to the latest subject of these kinds ("the group")
    refer: dict[str, frozenset[str]] = field(default_factory=dict)


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
    leaders: dict[str, str] = {}
    descs: dict[str, str] = {}
    armed: dict[str, str] = {}
    offices: dict[str, str] = {}
    loyal: dict[str, frozenset[str]] = {}
    refer: dict[str, frozenset[str]] = {}
    words: dict[str, set[str]] = {
        "title": set(),
        "notname": set(),
        "force": set(),
        "ruler": set(),
        "backer": set(),
        "abstract": set(),
    }
    for row in data_rows("nouns.tsv"):
        kind, lemma = row[0], row[1].lower()
        table = {"group": groups, "leader": leaders, "desc": descs, "armed": armed, "office": offices}.get(kind)
        if table is not None:
            table[lemma] = row[2]
        elif kind in ("loyal", "refer"):
            (loyal if kind == "loyal" else refer)[lemma] = frozenset(p.strip() for p in row[2].split(","))
        elif kind in words:
            words[kind].add(lemma)
        else:
            raise ValueError(f"kg/nlp/data/nouns.tsv: unknown row kind {kind!r}")
    return NounTables(
        groups,
        frozenset(words["title"]),
        leaders,
        descs,
        frozenset(words["notname"]),
        armed,
        frozenset(words["force"]),
        frozenset(words["ruler"]),
        frozenset(words["backer"]),
        offices,
        frozenset(words["abstract"]),
        loyal,
        refer,
    )


@cache
def relation_nouns() -> frozenset[str]:
    """Lemmas of the relation lexicon's nouns ("support", "attack"): a name qualifying one is an
    argument of the relation ("Iranian support"), not part of a longer name.

    The one place actor recognition reads the relation lexicon.
    """
    from kg.nlp.tables import lexicon

    return frozenset(k[1] for k in lexicon().entries if k[0] == "noun")


def conflict_lemmas(pos: str) -> frozenset[str]:
    """Lemmas of one part of speech with a hostile entry in the relation lexicon ("attack")."""
    from kg.nlp.tables import conflict_lemmas as lexicon_conflict_lemmas

    return lexicon_conflict_lemmas(pos)
