"""The data tables of relation extraction (``lexicon.tsv``, ``words.tsv``, ``hedges.tsv``,
``confidence.json``).

Actor recognition reads its own word lists (``nouns.tsv``) through :mod:`kg.nlp.actors.words`.

They are read once per process and returned as small frozen records. The files are
data, not code: extend the lexicon by adding a line, not by editing the component.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _numbered_rows(name: str):
    for n, line in enumerate((DATA_DIR / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, [cell.strip() for cell in line.split("\t")]


def _rows(name: str):
    for _, row in _numbered_rows(name):
        yield row


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
    reliefs: dict[str, str] = field(default_factory=dict)
    #: state words of relation nouns ("tense" -> conflictsWith)
    states: dict[str, str] = field(default_factory=dict)
    #: property done together -> the relation of those who do it together
    joint: dict[str, str] = field(default_factory=dict)
    #: words that class an actor ("terrorist" -> condemns, "ally" -> alliedWith)
    labels: dict[str, str] = field(default_factory=dict)
    #: what a failed cooperation states ("symmetric" -> conflictsWith: "X and Y failed to agree")
    failed: dict[str, str] = field(default_factory=dict)


#: Row kinds of ``lexicon.tsv`` (first column): trigger frames, then the rows of the machinery.
FRAME_POS = ("verb", "noun", "adj")
ROW_KINDS = (*FRAME_POS, "ctl", "rev", "relief", "state", "label", "failed", "joint")
#: ``joint`` rows whose first cell is no property ("jointly", "against": see lexicon.tsv).
JOINT_WORDS = ("jointly", "against")
#: The flags a frame may carry (lexicon.tsv's header says what each does).
FLAGS = frozenset(
    "sym mutual dat xobj cond nopair ccobj med over negs goods state give agent instrument declared prefix "
    "noperson terr org loc".split()
)


@cache
def lexicon() -> Lexicon:
    """The shipped ``lexicon.tsv``, every property checked against the ontology.

    Examples
    --------
    >>> [e.prop for e in lexicon().entries[("verb", "attack")]]
    ['attacks']
    >>> lexicon().reversers["cut"]
    'sanctions'
    """
    return read_lexicon(DATA_DIR / "lexicon.tsv")


def read_lexicon(path: str | Path) -> Lexicon:
    """A lexicon file in ``lexicon.tsv``'s format (the shipped one or a user's).

    A bad row raises :class:`~kg.errors.InputError` naming the file and the line.
    """
    from kg.errors import InputError

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read lexicon file: {getattr(err, 'strerror', None) or err}") from None
    rows: list[tuple[int, list[str]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((n, [cell.strip() for cell in line.split("\t")]))
    try:
        return _lexicon_of(rows)
    except _BadRow as err:
        raise InputError(f"{path}: line {err.line}: {err.problem}") from None


class _BadRow(Exception):
    def __init__(self, line: int, problem: str):
        self.line, self.problem = line, problem


def _lexicon_of(rows: list[tuple[int, list[str]]]) -> Lexicon:
    from kg.rdf.ontology import relation_properties

    props = relation_properties()
    entries: dict[tuple[str, str], list[LexEntry]] = {}
    reversers: dict[str, str | None] = {}
    control: set[str] = set()
    # the rows that map a word to a property, by kind
    mapped: dict[str, dict[str, str]] = {k: {} for k in ("relief", "state", "label", "failed", "joint")}
    for n, row in rows:
        pos = row[0]
        if pos not in ROW_KINDS:
            raise _BadRow(n, f"unknown kind {pos!r} (one of {', '.join(ROW_KINDS)})")
        if len(row) < 2 or not row[1]:
            raise _BadRow(n, "no lemma (columns: POS, LEMMA, PREP, PROPERTY, FLAGS, tab-separated)")
        lemma = row[1].lower()
        if pos == "ctl":
            control.add(lemma)
            continue
        if len(row) < 4:
            raise _BadRow(n, f"{len(row)} columns, expected POS, LEMMA, PREP, PROPERTY [, FLAGS] (tab-separated)")
        prop = row[3]
        if prop != "-" and prop not in props:
            raise _BadRow(n, f"{lemma}: unknown property {prop!r} (not a relation property of the ontology)")
        if pos == "rev":
            reversers[lemma] = None if prop == "-" else prop
            continue
        if pos in mapped:
            if pos == "joint" and lemma not in props and lemma not in JOINT_WORDS:
                raise _BadRow(n, f"joint: unknown property {lemma!r}")
            mapped[pos][lemma] = prop
            continue
        if prop == "-":
            raise _BadRow(n, f"{lemma}: a {pos} frame needs a property")
        flags = frozenset(f.strip() for f in (row[4].split(",") if len(row) > 4 else []) if f.strip())
        unknown = flags - FLAGS
        if unknown:
            raise _BadRow(n, f"{lemma}: unknown flag {sorted(unknown)[0]!r} (one of {', '.join(sorted(FLAGS))})")
        entry = LexEntry(pos, lemma, frozenset(p.strip() for p in row[2].split(",")), prop, flags)
        entries.setdefault((pos, lemma), []).append(entry)
    return Lexicon(
        {k: tuple(v) for k, v in entries.items()},
        reversers,
        frozenset(control),
        mapped["relief"],
        mapped["state"],
        mapped["joint"],
        mapped["label"],
        mapped["failed"],
    )


def with_lexicon(base: Lexicon, user: Lexicon) -> Lexicon:
    """``base`` with ``user``'s rows laid over it: a trigger the user lists has the user's frames
    only (in the user's order); a word the user maps (rev, state, label ...) takes the user's
    property; everything else is ``base``'s."""
    return Lexicon(
        {**base.entries, **user.entries},
        {**base.reversers, **user.reversers},
        base.control | user.control,
        {**base.reliefs, **user.reliefs},
        {**base.states, **user.states},
        {**base.joint, **user.joint},
        {**base.labels, **user.labels},
        {**base.failed, **user.failed},
    )


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
    return frozenset(
        k[1]
        for k, entries in lexicon().entries.items()
        if k[0] == pos and any(props[e.prop] == "conflict" for e in entries)
    )


#: The word lists ``words.tsv`` must define (the relation machinery reads each by name).
WORD_LISTS = frozenset(
    {
        "stative_passives",
        "place_nouns",
        "holding_participles",
        "control_nouns",
        "leading",
        "collectives",
        "offices",
        "deed_nouns",
        "trade_nouns",
        "trade_preps",
        "particles",
        "route_verbs",
        "route_preps",
        "relative",
        "reflexive",
        "dobj_preps_conflict",
        "dobj_preps_cooperation",
        "adverbial_preps",
        "between_preps",
        "holding_verbs",
        "object_control",
        "listing",
        "until",
        "means_preps",
        "agent_preps",
        "located_agents",
        "aimed_preps",
        "role_nouns",
        "refraining_preps",
        "past",
        "jointly",
        "mediated_events",
        "mediating",
        "label_verbs",
        "portions",
        "nested_preps",
        "place_preps",
        "other",
        "frame_nouns",
        "of_frames",
        "goods",
        "receiving",
        "declaring",
        "suffering",
        "circumstance_preps",
        "giver_preps",
        "denying",
        "accusing",
        "demanding",
        "disapproving",
        "demand_nouns",
        "demand_speech",
        "obligation",
        "weak_obligation",
        "perfect",
        "condition_marks",
        "recalled",
        "recalling",
        "state_acts",
        "reactions",
        "cause_preps",
        "cause_nouns",
        "cause_links",
        "cause_events",
        "neither",
        "no_longer",
        "according",
        "intending",
        "intending_nouns",
        "failing",
        "collapsing",
    }
)


@cache
def words() -> dict[str, frozenset[str]]:
    """Read ``words.tsv``: list name -> its words (every list of :data:`WORD_LISTS`, no other).

    Examples
    --------
    >>> "weapon" in words()["goods"], "troop" in words()["goods"]
    (True, False)
    """
    out: dict[str, frozenset[str]] = {}
    for n, row in _numbered_rows("words.tsv"):
        if len(row) < 2 or row[0] not in WORD_LISTS or row[0] in out:
            raise ValueError(f"kg/nlp/data/words.tsv: line {n}: unknown or repeated list {row[0]!r}")
        out[row[0]] = frozenset(w.lower() for w in row[1].split())
    missing = WORD_LISTS - set(out)
    if missing:
        raise ValueError(f"kg/nlp/data/words.tsv: missing lists {sorted(missing)}")
    return out


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
    sets: dict[str, set[str]] = {"hedge": set(), "attrib": set(), "neg": set(), "negdet": set(), "report": set()}
    for row in _rows("hedges.tsv"):
        sets[row[0]].add(row[1].lower())
    return Cues(**{k: frozenset(v) for k, v in sets.items()})


def read_confidence_model(path) -> dict:
    """A confidence model file (``kg eval --write-rates FILE``); a bad one raises naming the file."""
    from kg.errors import InputError

    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(f"{path}: cannot read the confidence model ({err})") from None
    if (
        not isinstance(model, dict)
        or not isinstance(model.get("base"), dict)
        or not isinstance(model.get("default"), (int, float))
    ):
        raise InputError(f"{path}: not a confidence model (needs 'default' and 'base')")
    return model


@cache
def confidence_model() -> dict:
    """Per-pattern base rates and adjustment factors (``confidence.json``).

    The base rates are the precision of each extraction pattern measured on the
    development sets (``kg eval --calibration`` prints them); ``tools/refit_confidence.py``
    refits the shipped file, ``kg eval --write-rates FILE`` writes a user's own.

    Examples
    --------
    >>> 0 < confidence_model()["default"] < 1
    True
    """
    return json.loads((DATA_DIR / "confidence.json").read_text(encoding="utf-8"))
