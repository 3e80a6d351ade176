"""The actor gazetteer: every name, demonym and metonym of a known actor.

``kg/data/actors.ttl`` lists canonical actors (the UN member states and a
few other states, intergovernmental organisations, armed groups) with their
names. :func:`load_gazetteer` reads it once per process (pyoxigraph's Turtle
parser: about 20 ms for the whole file) into a :class:`Gazetteer`, which

- normalises a surface form to one canonical :class:`~kg.model.Actor`
  (:meth:`Gazetteer.lookup`: "the U.S.", "America's", "American" -> the
  United States), and
- gives spaCy ``EntityRuler`` patterns for all forms
  (:meth:`Gazetteer.patterns`).

Matching rules (one function, :func:`normalize`, used for both the index and
the query): curly quotes become straight ones, a leading "the " and a
trailing possessive "'s" are dropped, periods are removed ("U.S." == "US"),
hyphens and dashes count as spaces ("al-Qaeda" == "al Qaeda"), runs of
spaces collapse. Case is ignored, except for short acronyms (at most three
letters with two or more capitals, such as "US", "IS", "UN", "WHO", or
mixed-case acronyms such as "LeT"): those match only with the same case, so
the pronoun "us" is not the United States and "who" is not the World Health
Organization.

Examples
--------
>>> gaz = load_gazetteer()
>>> gaz.lookup("the U.S.").actor.id
'united-states'
>>> gaz.lookup("us") is None
True
>>> gaz.lookup("Tehran").form_kind
'metonym'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import InputError
from kg.model import Actor
from kg.rdf.namespace import ID_BASE, KG_NS, WD

FormKind = Literal["label", "alias", "demonym", "metonym"]

_KG = KG_NS
_RDFS_LABEL = str(RDFS.label)
_SKOS_ALT = str(SKOS.altLabel)
_OWL_SAME = str(OWL.sameAs)
_RDF_TYPE = str(RDF.type)
_WD = str(WD)
_ACTOR_NS = f"{ID_BASE}actor/"

_PREDICATE_KIND: dict[str, FormKind] = {
    _RDFS_LABEL: "label",
    _SKOS_ALT: "alias",
    _KG + "demonym": "demonym",
    _KG + "metonym": "metonym",
}
#: Order in which forms of one actor are listed (label first).
_KIND_ORDER = {"label": 0, "alias": 1, "demonym": 2, "metonym": 3}

_QUOTES = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|')$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One surface form of one actor, as written in the gazetteer."""

    actor: Actor
    form: str
    form_kind: FormKind


def _case_sensitive(core: str) -> bool:
    """Whether a (normalised) form must match with its exact case.

    >>> [_case_sensitive(f) for f in ("US", "IS", "WHO", "LeT", "ISIS", "Iran", "M23")]
    [True, True, True, True, False, False, False]
    """
    letters = core.replace(" ", "")
    upper = sum(c.isupper() for c in letters)
    if len(letters) <= 3 and upper >= 2:
        return True
    # mixed-case acronyms ("LeT", "JeM"): a capital after a lower-case letter
    return len(letters) <= 4 and upper >= 2 and any(c.islower() for c in letters)


def normalize(text: str) -> str:
    """The matching form of a name: quotes, "the", possessive, periods, hyphens and spaces normalised.

    Case is kept; :meth:`Gazetteer.lookup` decides whether it matters.

    Examples
    --------
    >>> normalize("the U.S.'s")
    'US'
    >>> normalize("Côte d’Ivoire")
    "Côte d'Ivoire"
    >>> normalize(" al-Qaeda ")
    'al Qaeda'
    """
    t = unicodedata.normalize("NFC", text).translate(_QUOTES).strip()
    t = _THE.sub("", t)
    t = _POSSESSIVE.sub("", t) if len(t) > 2 else t
    t = t.replace(".", "").replace("-", " ")
    return _SPACES.sub(" ", t).strip()


@dataclass(frozen=True)
class Gazetteer:
    """Canonical actors and all their surface forms.

    ``actors`` maps an actor id (slug) to its :class:`~kg.model.Actor`;
    ``entries`` holds every form, label first within an actor.
    """

    actors: Mapping[str, Actor]
    entries: tuple[Entry, ...]
    _exact: Mapping[str, Entry] = field(repr=False, compare=False, default_factory=dict)
    _folded: Mapping[str, Entry] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_entries(cls, actors: Mapping[str, Actor], entries: tuple[Entry, ...]) -> Gazetteer:
        """Build the lookup indexes. A form shared by two actors keeps the first (by kind, then id)."""
        exact: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}
        for entry in entries:
            key = normalize(entry.form)
            if not key:
                continue
            if _case_sensitive(key):
                exact.setdefault(key, entry)
            else:
                folded.setdefault(key.casefold(), entry)
        return cls(MappingProxyType(dict(actors)), tuple(entries), MappingProxyType(exact), MappingProxyType(folded))

    def lookup(self, text: str) -> Entry | None:
        """The gazetteer entry a surface form refers to, or ``None``.

        Examples
        --------
        >>> gaz = load_gazetteer()
        >>> gaz.lookup("Daesh").actor.id, gaz.lookup("IS").actor.id, gaz.lookup("is")
        ('isis', 'isis', None)
        >>> gaz.lookup("Iranian").actor.label, gaz.lookup("Iranian").form_kind
        ('Iran', 'demonym')
        """
        key = normalize(text)
        if not key:
            return None
        hit = self._exact.get(key)
        if hit is not None:
            return hit
        return self._folded.get(key.casefold())

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, or ``None``."""
        return self.actors.get(actor_id)

    def patterns(self, tokenizer=None) -> list[dict]:
        """spaCy ``EntityRuler`` patterns for every form of every actor.

        Each pattern is ``{"label": form_kind, "pattern": [token dicts], "id": actor id}``
        where ``form_kind`` is ``label``, ``alias``, ``demonym`` or ``metonym``
        (the actor's class is ``self.actors[id].kind``). Token patterns match
        on ``LOWER`` except for case-sensitive acronyms (``ORTH``), so add them
        to a ruler with the default ``phrase_matcher_attr``. Hyphen and
        apostrophe variants of a form are included ("al-Qaeda" / "al Qaeda",
        "Côte d'Ivoire" / "Côte d’Ivoire"); a leading "the" is not part of any
        pattern.

        ``tokenizer`` is the spaCy tokenizer the patterns must agree with; by
        default a blank English one (the same rules as ``en_core_web_sm``).

        Examples
        --------
        >>> pats = load_gazetteer().patterns()
        >>> [p for p in pats if p["id"] == "united-states" and p["pattern"] == [{"ORTH": "U.S."}]]
        [{'label': 'alias', 'pattern': [{'ORTH': 'U.S.'}], 'id': 'united-states'}]
        """
        if tokenizer is None:
            tokenizer = _blank_tokenizer()
        out: list[dict] = []
        seen: set[tuple] = set()
        for entry in self.entries:
            sensitive = _case_sensitive(normalize(entry.form))
            for variant in _variants(entry.form):
                words = [t.text for t in tokenizer(variant) if not t.is_space]
                if words and words[0].lower() == "the" and len(words) > 1:
                    words = words[1:]
                if not words:
                    continue
                attr = "ORTH" if sensitive else "LOWER"
                pattern = [{attr: w if sensitive else w.lower()} for w in words]
                key = (entry.actor.id, attr, tuple(words if sensitive else (w.lower() for w in words)))
                if key in seen:
                    continue
                seen.add(key)
                out.append({"label": entry.form_kind, "pattern": pattern, "id": entry.actor.id})
        return out


def _variants(form: str) -> list[str]:
    """Spelling variants of a form that spaCy tokenises differently."""
    base = unicodedata.normalize("NFC", form)
    out = [base]
    if "-" in base:
        out.append(base.replace("-", " "))
    if "'" in base:
        out.append(base.replace("'", "\u2019"))
    if "\u2019" in base:
        out.append(base.replace("\u2019", "'"))
    return out


@cache
def _blank_tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _local(iri: str, ns: str) -> str:
    return iri[len(ns) :] if iri.startswith(ns) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _parse(path: Path) -> Gazetteer:
    import pyoxigraph

    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read gazetteer: {err.strerror or err}") from None
    try:
        triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=_ACTOR_NS))
    except SyntaxError as err:
        raise InputError(f"{path}: not valid Turtle: {str(err).splitlines()[0]}") from None

    kinds: dict[str, str] = {}
    props: dict[str, dict[str, list[str]]] = {}
    forms: dict[str, list[tuple[FormKind, str]]] = {}
    for t in triples:
        s = t.subject.value if hasattr(t.subject, "value") else str(t.subject)
        if not s.startswith(_ACTOR_NS):
            continue
        p = t.predicate.value
        o = t.object
        if p == _RDF_TYPE and o.value.startswith(_KG):
            kinds[s] = _local(o.value, _KG)
        elif p in _PREDICATE_KIND:
            forms.setdefault(s, []).append((_PREDICATE_KIND[p], o.value))
        else:
            props.setdefault(s, {}).setdefault(p, []).append(o.value)

    actors: dict[str, Actor] = {}
    entries: list[Entry] = []
    for iri in sorted(set(kinds) | set(forms)):
        actor_id = _local(iri, _ACTOR_NS)
        its = sorted(forms.get(iri, []), key=lambda kf: _KIND_ORDER[kf[0]])
        labels = [f for k, f in its if k == "label"]
        if not labels:
            raise InputError(f"{path}: actor {actor_id} has no rdfs:label")
        p = props.get(iri, {})
        same = [v for v in p.get(_OWL_SAME, []) if v.startswith(_WD)]
        cameo = p.get(_KG + "cameoCode", [None])[0]
        part_of = p.get(_KG + "partOf", [None])[0]
        based_in = p.get(_KG + "basedIn", [None])[0]
        actor = Actor(
            id=actor_id,
            label=labels[0],
            kind=kinds.get(iri, "Group"),
            wikidata=_local(same[0], _WD) if same else None,
            cameo=cameo,
            aliases=tuple(dict.fromkeys(f for k, f in its if f != labels[0])),
            part_of=_local(part_of, _ACTOR_NS) if part_of else None,
            based_in=_local(based_in, _ACTOR_NS) if based_in else None,
        )
        actors[actor_id] = actor
        entries.extend(Entry(actor, f, k) for k, f in its)
    entries.sort(key=lambda e: (_KIND_ORDER[e.form_kind], e.actor.id))
    return Gazetteer.from_entries(actors, tuple(entries))


@cache
def _load_cached(path: Path) -> Gazetteer:
    return _parse(path)


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Load (once per process and path) the gazetteer Turtle file.

    Parameters
    ----------
    path
        A Turtle file in the format of ``kg/data/actors.ttl``; by default
        the shipped one (``kg.rdf.ontology.ontology_path("actors.ttl")``).

    Raises
    ------
    InputError
        The file cannot be read, is not Turtle, or an actor has no label.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> gaz.actors["iran"].wikidata, gaz.actors["iran"].cameo, gaz.actors["iran"].kind
    ('Q794', 'IRN', 'State')
    >>> load_gazetteer() is gaz
    True
    """
    return _load_cached(Path(path if path is not None else default_path()).resolve())


def default_path() -> Path:
    """The shipped gazetteer file (``actors.ttl``)."""
    from kg.rdf.ontology import ontology_path

    return ontology_path("actors.ttl")
