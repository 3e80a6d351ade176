"""The records that flow between stages (see DESIGN.md, "Contracts").

Plain frozen dataclasses: the NLP stage produces them, ``kg.rdf`` turns them
into triples, ``kg extract`` prints them as JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

Polarity = Literal["cooperation", "conflict"]


@dataclass(frozen=True)
class Document:
    """One input document.

    ``id`` is the input's own id (a JSONL ``id`` field) or else the file's
    path relative to the build root. ``source`` is where it came from (a URL
    or a path); ``date`` is an ISO date string ``YYYY-MM-DD`` when known.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of what the graph is built from: the text plus its metadata."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.date or "", self.source or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True)
class Actor:
    """A canonical actor. ``id`` is a stable slug (``iran``, ``shia-militias``).

    ``kind`` is the local name of an ontology class (State, Government,
    Military, ArmedGroup, Organization, Person, Group). ``part_of`` is the id
    of the actor this one is an organ of (the Iraqi military -> ``iraq``),
    ``based_in`` the id of the country a group operates from.
    """

    id: str
    label: str
    kind: str = "Group"
    wikidata: str | None = None
    cameo: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    based_in: str | None = None


@dataclass(frozen=True)
class RelationMention:
    """One extracted statement: ``subject predicate object`` in one sentence of one document.

    ``predicate`` is the local name of an ontology relation property
    (``supports``, ``fights`` …); ``char_start``/``char_end`` are offsets of
    the evidence sentence in the document text. ``subject_text`` / ``object_text``
    are how the sentence names each actor (None for a reference such as "it").
    """

    doc_id: str
    subject: Actor
    predicate: str
    object: Actor
    polarity: Polarity
    negated: bool = False
    hedged: bool = False
    attributed_to: Actor | None = None
    confidence: float = 0.5
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0
    subject_text: str | None = None
    object_text: str | None = None

    def to_json(self) -> dict:
        """The ``kg extract --format jsonl`` record: exactly the contract's keys.

        An actor's ``id`` is the canonical actor; its ``label`` is the actor as the
        sentence names it (``subject_text`` / ``object_text``: "Iran's religious leader
        Ayatollah Ruhollah Khomeini", "Palestinian officials") when known, else the
        canonical label (references such as "it" or "the two nations").

        Examples
        --------
        >>> m = RelationMention("d", Actor("iran-government", "Government of Iran"), "opposes",
        ...                     Actor("iraq", "Iraq"), "conflict",
        ...                     subject_text="Iran's religious leader Ayatollah Ruhollah Khomeini")
        >>> m.to_json()["subject"], m.to_json()["object"]
        ({'id': 'iran-government', 'label': "Iran's religious leader Ayatollah Ruhollah Khomeini"}, {'id': 'iraq', 'label': 'Iraq'})
        """

        def actor(a: Actor | None, text: str | None = None) -> dict | None:
            return None if a is None else {"id": a.id, "label": text or a.label}

        return {
            "doc_id": self.doc_id,
            "subject": actor(self.subject, self.subject_text),
            "predicate": self.predicate,
            "object": actor(self.object, self.object_text),
            "polarity": self.polarity,
            "negated": self.negated,
            "hedged": self.hedged,
            "attributed_to": actor(self.attributed_to),
            "confidence": round(self.confidence, 4),
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
        }
