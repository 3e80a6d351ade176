"""What ``kg_actors`` leaves on a Doc, and the anchors ``kg_relations`` reads from it.

On the Doc there are only serialisable values, so ``doc.to_bytes()``, ``DocBin`` and
``nlp.pipe(n_process=2)`` carry the actors:

* ``doc.spans["kg_actors"]`` -- one span per actor mention: the words that name the actor
  ("Iraqi" in "the Iraqi army"), ``label_`` the actor's kind, ``kb_id_`` its id;
* ``doc._.kg_actor_data`` -- a plain dict: ``actors`` (id -> its descriptions: label, kind,
  wikidata, cameo, aliases, part_of, based_in; usually one) and ``mentions`` (one entry per span, keyed
  ``"start:end:actor id"``: the anchor ``token`` -- the noun-phrase head the actor stands
  at, "army" --, the actor's ``rank`` among the actors of that token, which description of the
  actor (``variant``), ``how`` it was found, ``ner_only``, and for a reference (``how`` ``coref``) the key of the mention that
  names it, ``from``).

:func:`anchors_of` rebuilds ``{token index: Anchor}`` from that data (cached per Doc,
outside the Doc), the one way other components read the actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.model import Actor
from kg.nlp.actors.surface import surface_text
from kg.nlp.actors.words import noun_tables, relation_nouns

#: Name of the span group and of the data extension.
SPANS = "kg_actors"
DATA = "kg_actor_data"


@dataclass(slots=True)
class Anchor:
    """The actors one token stands for, and how they were found.

    ``source`` is ``gazetteer``, ``ner``, ``fallback``, ``group``, ``person`` or ``coref``;
    ``ner_only`` is true when no actor came from the gazetteer. (Slots: one is made per actor
    mention, and a slotted instance is cheaper to make and to read.)
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
            w = self.where.get(actor_id)
            self.texts[actor_id] = (
                None
                if w is None
                else apposed_label(doc, w[0], actor_id)
                or surface_text(doc, w[0], doc[w[1] : w[2]], relation_nouns(), noun_tables().abstract)
            )
        return self.texts[actor_id]


def apposed_label(doc, ti: int, actor_id: str) -> str | None:
    """A group noun that describes a name beside it is labelled by the name: "the militant group
    Ahlu Sunna", "Hezbollah, a Shia militant group" and "the SNA, a coalition of Turkish-backed
    militias" print the name, as a reader names them."""
    tok = doc[ti]
    if tok.pos_ != "NOUN" or SPANS not in doc.spans:
        return None
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head  # "the SNA, a coalition of Turkish-backed militias"
    beside = [c for c in tok.rights if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
    if tok.dep_ == "attr":  # "the NLA is a coalition of ...": the copula's subject
        beside += [c for c in tok.head.children if c.dep_ == "nsubj"]
    for c in beside:
        for s in doc.spans[SPANS]:
            if s.kb_id_ == actor_id and s.start <= c.i < s.end and not s.start <= ti < s.end:
                return s.text
    return None


def register_extensions() -> None:
    """Register ``Doc._.kg_actor_data`` and the read-only ``Span._.actor`` (idempotent)."""
    from spacy.tokens import Doc, Span

    if not Doc.has_extension(DATA):
        Doc.set_extension(DATA, default=None)
    if not Span.has_extension("actor"):
        Span.set_extension("actor", getter=span_actor)


def span_actor(span) -> Actor | None:
    """The actor a ``kg_actors`` span names (``span._.actor``), from the doc's plain data."""
    data = span.doc._.get(DATA) if span.doc.has_extension(DATA) else None
    if not data or not span.kb_id_:
        return None
    variants = data["actors"].get(span.kb_id_)
    mention = data["mentions"].get(_key(span.start, span.end, span.kb_id_))
    if not variants:
        return None
    return actor_from(span.kb_id_, variants[mention.get("variant", 0) if mention else 0])


def actor_to_dict(actor: Actor) -> dict:
    """The plain description of an actor (without its id), as kept on the Doc."""
    return {
        "label": actor.label,
        "kind": actor.kind,
        "wikidata": actor.wikidata,
        "cameo": actor.cameo,
        "aliases": list(actor.aliases),
        "part_of": actor.part_of,
        "based_in": actor.based_in,
    }


def actor_from(actor_id: str, desc: dict) -> Actor:
    """The :class:`~kg.model.Actor` of a plain description."""
    return Actor(
        id=actor_id,
        label=desc["label"],
        kind=desc["kind"],
        wikidata=desc.get("wikidata"),
        cameo=desc.get("cameo"),
        aliases=tuple(desc.get("aliases") or ()),
        part_of=desc.get("part_of"),
        based_in=desc.get("based_in"),
    )


def _key(start: int, end: int, actor_id: str) -> str:
    return f"{start}:{end}:{actor_id}"


#: Anchors per Doc (``id(doc)`` -> (the data dict they stand for, anchors)), outside the Doc. An
#: entry is used only while the doc still holds that very data dict, so a reused id or changed
#: data never reads stale anchors; the oldest entries go once it is full (a batch is far smaller).
_CACHE: dict[int, tuple[dict, dict[int, Anchor]]] = {}
_CACHE_SIZE = 4096


def _remember(doc, data: dict, anchors: dict[int, Anchor]) -> None:
    if len(_CACHE) >= _CACHE_SIZE:
        for key in list(_CACHE)[: _CACHE_SIZE // 4]:
            del _CACHE[key]
    _CACHE[id(doc)] = (data, anchors)


def write_anchors(doc, anchors: dict[int, Anchor]) -> None:
    """Keep ``anchors`` on ``doc`` as a span group and plain data (see the module docstring)."""
    actors: dict[str, list[dict]] = {}
    described: dict[int, int] = {}  # id(Actor) -> its variant index (the same object is described once)
    mentions: dict[str, dict] = {}
    spans: list[tuple[int, int, str, str]] = []  # (start, end, kind, actor id): the span group's spans
    key_of: dict[tuple[int, str], str] = {}  # (anchor token, actor id) -> mention key
    coref = []
    for ti in sorted(anchors):
        anchor = anchors[ti]
        how, ner_only, where = anchor.source, anchor.ner_only, anchor.where
        for rank, actor in enumerate(anchor.actors):
            actor_id = actor.id
            if how == "coref":
                start, end = ti, ti + 1
            elif actor_id in where:
                _, start, end = where[actor_id]
            else:
                continue
            key = _key(start, end, actor_id)
            if how == "coref":
                coref.append((anchor, actor, key))
            if key in mentions:
                continue
            variant = described.get(id(actor))
            if variant is None:
                variants = actors.setdefault(actor_id, [])
                desc = actor_to_dict(actor)
                if desc not in variants:  # one id, described two ways in one doc ("Gondor" as State, as Group)
                    variants.append(desc)
                variant = described[id(actor)] = variants.index(desc)
            mentions[key] = {"token": ti, "rank": rank, "how": how, "ner_only": ner_only, "variant": variant}
            key_of[(ti, actor_id)] = key
            spans.append((start, end, actor.kind, actor_id))
    for anchor, actor, key in coref:
        ante = anchor.antecedents.get(actor.id)
        w = None if ante is None else ante.where.get(actor.id)
        if w is not None and (w[0], actor.id) in key_of and key in mentions:
            mentions[key]["from"] = key_of[(w[0], actor.id)]
    spans.sort(key=lambda s: (s[0], s[1]))  # stable: mentions of one (start, end) keep their order
    doc.spans[SPANS] = [Span(doc, start, end, label=kind, kb_id=actor_id) for start, end, kind, actor_id in spans]
    data = {"actors": actors, "mentions": mentions}
    doc._.set(DATA, data)
    _remember(doc, data, anchors)


def anchors_of(doc) -> dict[int, Anchor] | None:
    """The anchors ``kg_actors`` left on ``doc``: ``{token index: Anchor}`` (None before it ran).

    The one way other components read them: rebuilt from ``doc.spans["kg_actors"]`` and
    ``doc._.kg_actor_data`` (once per Doc), so a Doc read back with ``Doc.from_bytes``,
    from a ``DocBin`` or from another process has the same anchors.
    """
    if not doc.has_extension(DATA):
        return None
    data = doc._.get(DATA)
    if data is None:
        return None
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is data:
        return hit[1]
    anchors = read_anchors(doc, data)
    _remember(doc, data, anchors)
    return anchors


def read_anchors(doc, data: dict) -> dict[int, Anchor]:
    """Rebuild the anchors from the span group and the plain data.

    Raises ``ValueError`` (one line) when ``doc._.kg_actor_data`` is not what ``kg_actors``
    writes, rather than returning anchors nobody can trust.
    """
    try:
        actors = {aid: [actor_from(aid, desc) for desc in variants] for aid, variants in data["actors"].items()}
        mentions = dict(data["mentions"])
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"doc._.{DATA} is not kg_actors data ({type(err).__name__}: {err})") from None
    anchors: dict[int, Anchor] = {}
    refs = []
    found = []
    for span in doc.spans[SPANS] if SPANS in doc.spans else ():
        m = mentions.get(_key(span.start, span.end, span.kb_id_))
        if (
            isinstance(m, dict)
            and isinstance(m.get("token"), int)
            and 0 <= m["token"] < len(doc)
            and span.kb_id_ in actors
        ):
            found.append((m["token"], m.get("rank", 0), span, m))
    for ti, _, span, m in sorted(found, key=lambda f: f[:2]):
        variants = actors[span.kb_id_]
        actor = variants[m.get("variant", 0)] if 0 <= m.get("variant", 0) < len(variants) else variants[0]
        anchor = anchors.get(ti)
        if anchor is None:
            anchor = anchors[ti] = Anchor([], m["how"], ner_only=bool(m["ner_only"]))
        if all(a.id != actor.id for a in anchor.actors):
            anchor.actors.append(actor)
        if m["how"] == "coref":
            refs.append((anchor, actor.id, m.get("from")))
        else:
            anchor.where.setdefault(actor.id, (ti, span.start, span.end))
    for anchor, actor_id, source_key in refs:
        source = mentions.get(source_key) if source_key else None
        if source is not None and source["token"] in anchors:
            anchor.antecedents[actor_id] = anchors[source["token"]]
    return anchors
