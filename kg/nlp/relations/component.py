"""The ``kg_relations`` spaCy component: triggers -> frames -> candidates -> mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import RelationMention
from kg.nlp.relations.adjectives import adjective_candidates, stative_candidates
from kg.nlp.relations.arguments import VERBISH, Ctx
from kg.nlp.relations.candidates import Candidate
from kg.nlp.relations.confidence import confidence, features
from kg.nlp.relations.constructions import Constructions, construction_candidates
from kg.nlp.relations.frames import Frames, load_frames
from kg.nlp.relations.nouns import noun_candidates
from kg.nlp.relations.records import ATTR, mention_record, register_extensions
from kg.nlp.relations.syntax import is_passive
from kg.nlp.relations.verbs import must_candidates, verb_candidates

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token


class RelationExtractor:
    """The ``kg_relations`` component (see :mod:`kg.nlp.relations`)."""

    def __init__(self, nlp: Language | None = None, name: str = "kg_relations", confidence: str | None = None):
        from kg.nlp.tables import confidence_model, read_confidence_model

        register_extensions()
        self.name = name
        self.frames: Frames = load_frames()
        self.conf = confidence_model() if confidence is None else read_confidence_model(confidence)
        self._constructions = Constructions(nlp.vocab, self.frames) if nlp is not None else None
        self._hashes: frozenset[int] | None = None  # trigger hashes (set on the first doc, from its vocab)
        self._ccomp = 0

    # ------------------------------------------------------------ triggers
    def _scan(self, doc: Doc) -> tuple[list[int], set[int]]:
        """Indices of tokens that may trigger a relation, and the doc's word hashes (one array, cheap)."""
        from spacy.attrs import DEP, LEMMA, LOWER

        if self._hashes is None:
            strings = doc.vocab.strings
            f = self.frames
            self._hashes = frozenset(strings.add(w) for w in f.verbs | f.nouns | f.adjs)
            self._ccomp = strings.add("ccomp")
        hashes, ccomp = self._hashes, self._ccomp
        rows = doc.to_array([LEMMA, LOWER, DEP]).tolist()
        words = {h for lemma, lower, _ in rows for h in (lemma, lower)}
        return [
            i for i, (lemma, lower, dep) in enumerate(rows) if lemma in hashes or lower in hashes or dep == ccomp
        ], words

    def candidates(self, doc: Doc, sentence: list[int] | None = None) -> list[Candidate]:
        """All relation candidates of a doc (deduplicated, no self-relations).

        ``sentence``: the start of each token's sentence, if already known."""
        from kg.nlp.actors import anchors_of

        anchors = anchors_of(doc)
        if anchors is None:
            raise ValueError("kg_relations needs the kg_actors component before it in the pipeline")
        if len(doc) and not doc.has_annotation("DEP"):
            raise ValueError(
                "kg_relations needs a dependency parse: this doc has none (is the parser "
                "disabled or after kg_relations in the pipeline?)"
            )
        if len(anchors) < 1:
            return []
        ctx = Ctx(doc, anchors, self.frames)
        sentence = sentence if sentence is not None else _sentence_starts(doc)[0]
        if self._constructions is None:
            self._constructions = Constructions(doc.vocab, self.frames)
        positions, words = self._scan(doc)
        built, handled = construction_candidates(ctx, self._constructions.matches(doc, words))
        two = _sentences_with_two_actors(anchors, sentence)
        out: list[Candidate] = []
        for i in positions:
            if i not in handled and sentence[i] in two:
                out.extend(_at(ctx, doc[i]))
        found = _drop_places(out + built, sentence)
        return _dedupe(ctx, _drop_contradicted(ctx, found, sentence), sentence)

    def __call__(self, doc: Doc) -> Doc:
        records: list[dict] = []
        sentence, spans = _sentence_starts(doc)
        sents: dict[int, tuple] = {}
        actors: dict[str, dict] = {}
        for c in self.candidates(doc, sentence):
            text, start_char, end_char, n_words = _sentence(spans[sentence[c.trigger]], sents)
            subject_text, object_text = c.texts(doc)
            m = RelationMention(
                doc_id="",
                subject=c.subject,
                predicate=c.prop,
                object=c.object,
                polarity=self.frames.polarity[c.prop],
                negated=c.negated,
                hedged=c.hedged,
                attributed_to=c.attributed_to,
                confidence=confidence(self.conf, c, n_words),
                sentence=text,
                char_start=start_char,
                char_end=end_char,
                subject_text=subject_text,
                object_text=object_text,
            )
            records.append(mention_record(m, [c.pattern, *features(c, n_words)], actors))
        setattr(doc._, ATTR, records)
        return doc


def _sentences_with_two_actors(anchors: dict, sentence: list[int]) -> set[int]:
    """Starts of the sentences whose anchors name two actors or more: a relation needs both of
    its parties in its own sentence, so the others are not read at all (cheap)."""
    ids: dict[int, set[str]] = {}
    for i, anchor in anchors.items():
        ids.setdefault(sentence[i], set()).update(a.id for a in anchor.actors)
    return {start for start, found in ids.items() if len(found) > 1}


def _sentence(sent, cache: dict[int, tuple]) -> tuple:
    """(text, start_char, end_char, number of words) of a sentence, cached per sentence."""
    hit = cache.get(sent.start)
    if hit is None:
        from spacy.attrs import IS_PUNCT, IS_SPACE

        flags = sent.to_array([IS_PUNCT, IS_SPACE])
        words = len(sent) - int((flags.max(axis=1) > 0).sum()) if len(sent) else 0
        hit = cache[sent.start] = (sent.text, sent.start_char, sent.end_char, words)
    return hit


def _sentence_starts(doc: Doc) -> tuple[list[int], dict]:
    """The start of each token's sentence, and the sentences by start (one pass: ``token.sent``
    walks the doc each time)."""
    starts = [0] * len(doc)
    spans = {}
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
        spans[sent.start] = sent
    return starts, spans


# ------------------------------------------------------------ dispatch by part of speech
def _at(ctx: Ctx, tok: Token) -> list[Candidate]:
    """Candidates of the frames a token triggers (by its part of speech), and a speaker's "must"."""
    handler = _BY_POS.get(tok.pos_)
    out = handler(ctx, tok) if handler is not None else []
    if (
        tok.dep_ == "ccomp"
        and tok.pos_ in VERBISH
        and tok.head.lemma_.lower() in ctx.frames.demand_heads
        and any(
            c.dep_ == "aux" and c.lower_ in ctx.frames.w("obligation") | ctx.frames.w("weak_obligation")
            for c in tok.children
        )
    ):
        out = out + must_candidates(ctx, tok)
    return out


def _verb_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f, lemma = ctx.frames, tok.lemma_.lower()
    if (
        tok.lower_ in f.adjs
        and tok.tag_ == "VBN"
        and (tok.dep_ == "acomp" or is_passive(tok))
        and not any(c.dep_ == "agent" for c in tok.children)
    ):
        return stative_candidates(ctx, tok, f.entries("adj", tok.lower_))
    if lemma in f.verbs:
        return verb_candidates(ctx, tok, f.entries("verb", lemma))
    if lemma in f.nouns and tok.dep_ in ("pobj", "dobj", "nsubj"):  # a noun tagged as a verb
        return noun_candidates(ctx, tok, f.entries("noun", lemma))
    return []


def _noun_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f = ctx.frames
    for key in (tok.lemma_.lower(), tok.lower_):
        if key in f.nouns:
            return noun_candidates(ctx, tok, f.entries("noun", key))
    return []


def _adjective_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f, lemma = ctx.frames, tok.lemma_.lower()
    if lemma in f.adjs:
        return adjective_candidates(ctx, tok, f.entries("adj", lemma))
    if lemma in f.verbs and tok.dep_ == "amod":  # "Iranian-backed militias" tagged as an adjective
        return verb_candidates(ctx, tok, f.entries("verb", lemma))
    return []


_BY_POS = {"VERB": _verb_at, "NOUN": _noun_at, "PROPN": _noun_at, "ADJ": _adjective_at}


# ------------------------------------------------------------ whole-doc filters
def _drop_places(out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """A place stands in for the target only when the sentence names no other relation of the subject."""
    if not any(c.pattern == "place" for c in out):
        return out
    others = {(c.subject.id, sentence[c.trigger]) for c in out if c.pattern != "place"}
    return [c for c in out if c.pattern != "place" or (c.subject.id, sentence[c.trigger]) not in others]


def _drop_contradicted(ctx: Ctx, out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """A pair read off a list ("a conflict between Georgia, Russia and the Russian-backed
    republics") is not in conflict when the same sentence says one backs the other."""
    polarity = ctx.frames.polarity
    backed = {
        (sentence[c.trigger], frozenset((c.subject.id, c.object.id)))
        for c in out
        if polarity[c.prop] == "cooperation" and c.prop not in ctx.frames.symmetric and not c.negated
    }
    return [
        c
        for c in out
        if not (
            c.pattern == "reciprocal"
            and polarity[c.prop] == "conflict"
            and (sentence[c.trigger], frozenset((c.subject.id, c.object.id))) in backed
        )
    ]


def _dedupe(ctx: Ctx, out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """One candidate per (subject, property, object, sentence, negated); symmetric ones in either order."""
    seen: set[tuple] = set()
    result: list[Candidate] = []
    for c in out:
        a, b = c.subject.id, c.object.id
        if c.prop in ctx.frames.symmetric and b < a:
            a, b = b, a
        key = (a, c.prop, b, sentence[c.trigger], c.negated)
        if key not in seen:
            seen.add(key)
            result.append(c)
    return result
