"""The ``kg_pairs`` spaCy component: the pair classifier, run after ``kg_relations``.

For every candidate actor pair of a sentence (:func:`kg.nlp.learned.pairs.candidate_pairs`)
it computes the pair's features and the model's probabilities of a stated cooperation and
of a stated conflict; where one reaches the model's threshold and the rules made no mention
of that polarity for the pair (:func:`kg.nlp.learned.model.decide`), it adds a mention:
pattern ``learned``, property ``cooperatesWith`` / ``conflictsWith`` (symmetric: the
classifier reads that two actors are related, not who acts on whom), confidence = the
probability. When the model has a ``drop`` threshold, a rule mention stating a polarity
whose probability is below it is removed (:func:`kg.nlp.learned.model.dropped`); rule
mentions are otherwise never changed.

It reads the rules' output (the records of ``doc._.kg_relations``) and appends its own
records in the same form (:func:`kg.nlp.relations.records.mention_record`). With no model
file installed it changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Polarity, RelationMention
from kg.nlp.actors import anchors_of
from kg.nlp.learned.context import DocContext
from kg.nlp.learned.model import GENERIC_PROPERTY, PairModel, decide, dropped, load_model
from kg.nlp.learned.pairs import PairSite, candidate_pairs, may_pair, pair_features
from kg.nlp.learned.rules import pair_key, records_of, rule_mentions
from kg.nlp.pipeline import MIN_CONFIDENCE
from kg.nlp.relations.records import ATTR, mention_record

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: The pattern name of the classifier's mentions (a key of the confidence model).
PATTERN = "learned"
#: Mentions below this confidence are not printed by ``kg extract`` nor scored by ``kg eval``;
#: a feature marks rule mentions under it.
FLOOR = MIN_CONFIDENCE


def learned_confidence(probability: float) -> float:
    """The confidence a learned mention carries: its probability, kept inside (0.05, 0.97)."""
    return round(max(0.05, min(0.97, probability)), 4)


def make_mention(doc: Doc, site: PairSite, polarity: Polarity, confidence: float) -> RelationMention:
    """The mention the classifier states for a pair (generic symmetric property, sentence evidence)."""
    sent = doc[site.sent_start].sent
    a_text, b_text = site.texts(doc)
    return RelationMention(
        doc_id="",
        subject=site.a,
        predicate=GENERIC_PROPERTY[polarity],
        object=site.b,
        polarity=polarity,
        confidence=learned_confidence(confidence),
        sentence=sent.text,
        char_start=sent.start_char,
        char_end=sent.end_char,
        subject_text=a_text,
        object_text=b_text,
    )


def mention_features(site: PairSite, polarity: str) -> list[str]:
    """The confidence features of a learned mention's record (pattern first)."""
    return [PATTERN, f"pred:{GENERIC_PROPERTY[polarity]}", "kinds:" + "|".join(sorted((site.a.kind, site.b.kind)))]


def classify(doc: Doc, model: PairModel, floor: float = FLOOR):
    """``(site, rule mentions of the pair, probabilities)`` for every candidate pair of ``doc``
    on which there is something to decide (unless the model drops rule mentions, nothing is
    added where the rules read both polarities)."""
    if not may_pair(anchors_of(doc) or {}):
        return
    ctx = DocContext(doc, rule_mentions(doc), floor)
    for site in candidate_pairs(doc, ctx):
        mine = ctx.rules.get(pair_key(site.sent_start, site.a.id, site.b.id), [])
        if model.drop is not None or len({r[2] for r in mine}) < 2:
            yield site, mine, model.probabilities(pair_features(doc, site, ctx))


class PairClassifier:
    """The ``kg_pairs`` component (see the module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "kg_pairs", model: PairModel | None = None):
        self.name = name
        self.model = model if model is not None else load_model()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        added: list = []
        gone: set = set()
        for site, mine, probs in classify(doc, self.model):
            gone.update(dropped(probs, mine, self.model.drop))
            added.extend(
                mention_record(make_mention(doc, site, pol, probs[pol]), mention_features(site, pol))
                for pol in decide(probs, mine, self.model.add)
            )
        if added or gone:
            kept = [r for k, r in enumerate(records_of(doc)) if k not in gone]
            setattr(doc._, ATTR, [*kept, *added])
        return doc
