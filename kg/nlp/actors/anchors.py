"""Anchors: the actors each noun-phrase head token stands for, as ``kg_relations`` reads them.

:func:`anchors_of` is the one way other components read what ``kg_actors`` found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Actor


@dataclass
class Anchor:
    """The actors one token stands for, and how they were found.

    ``source`` is ``gazetteer``, ``ner``, ``fallback``, ``group``, ``person`` or ``coref``;
    ``ner_only`` is true when no actor came from the gazetteer.
    """

    actors: list[Actor]
    source: str
    ner_only: bool = False
    #: how the sentence names each actor (actor id -> surface text), computed on demand
    texts: dict[str, str | None] = field(default_factory=dict)
    #: where each actor was found: actor id -> (anchor token, span start, span end)
    where: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    #: for references: the anchor each actor was resolved from (it names the actor)
    antecedents: dict[str, Anchor] = field(default_factory=dict)

    def text_of(self, doc, actor_id: str) -> str | None:
        """The surface text of ``actor_id`` at this anchor (a reference's antecedent's), cached.

        Computed only for actors that end up in a relation, so its cost does not grow
        with the number of actors a doc mentions.
        """
        if self.source == "coref":  # "they" is named as its antecedent names it
            ante = self.antecedents.get(actor_id)
            return None if ante is None or ante is self else ante.text_of(doc, actor_id)
        if actor_id not in self.texts:
            from kg.nlp.actors.surface import surface_text
            from kg.nlp.actors.words import relation_nouns

            w = self.where.get(actor_id)
            self.texts[actor_id] = None if w is None else surface_text(
                doc, w[0], doc[w[1]:w[2]], relation_nouns())
        return self.texts[actor_id]


def register_extensions() -> None:
    """Register ``Doc._.actors``, ``Doc._.kg_anchors`` and ``Span._.actor`` (idempotent)."""
    from spacy.tokens import Doc, Span

    if not Doc.has_extension("actors"):
        Doc.set_extension("actors", default=None)
    if not Doc.has_extension("kg_anchors"):
        Doc.set_extension("kg_anchors", default=None)
    if not Span.has_extension("actor"):
        Span.set_extension("actor", default=None)


def anchors_of(doc) -> dict:
    """The anchors ``kg_actors`` left on ``doc``: ``{token index: Anchor}`` (None before it ran).

    The one way other components read them, so how ``kg_actors`` keeps them on the Doc
    can change without touching its readers.
    """
    return doc._.kg_anchors


def write_anchors(doc, anchors: dict[int, Anchor]) -> None:
    """Keep the anchors on the doc (``doc._.kg_anchors``) and one span per actor (``doc._.actors``)."""
    from spacy.tokens import Span

    spans = []
    for anchor in anchors.values():
        for actor in anchor.actors:
            w = anchor.where.get(actor.id)
            if w is None:
                continue
            s = Span(doc, w[1], w[2], label=actor.kind)
            s._.actor = actor
            spans.append(s)
    spans.sort(key=lambda s: (s.start, s.end))
    doc._.actors = spans
    doc._.kg_anchors = anchors
