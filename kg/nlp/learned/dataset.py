"""Labelled candidate pairs from gold records (the training data of the pair classifier).

Each record's text goes through the pipeline up to ``kg_relations``; every candidate pair
gets its features and, per polarity, a label from the gold relations under the scoring
rules of ``kg eval`` (:func:`kg.nlp.eval.judge`, not a copy): 1 when a stated mention of that
polarity between the two actors -- labelled as ``kg extract`` would print them -- would be a
true hit, 0 when it would be a false hit, None when the scoring ignores it (neither actor
among the record's gold actors, or a neutral pair). The rules' own mentions are kept too,
so a change to them can be scored exactly as ``kg eval`` scores the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.model import Polarity, RelationMention
from kg.nlp.eval import GoldRecord, judge
from kg.nlp.learned.component import FLOOR, learned_confidence, make_mention
from kg.nlp.learned.context import DocContext
from kg.nlp.learned.model import POLARITIES, decide, dropped
from kg.nlp.learned.pairs import candidate_pairs, pair_features
from kg.nlp.learned.rules import pair_key, rule_mentions
from kg.nlp.relations.records import features_of, relations_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass
class PairExample:
    """One candidate pair of one record."""

    features: list[str]
    labels: dict[str, int | None]
    #: the pair's rule mentions: (index into the record's ``mentions``, pattern, polarity, negated, confidence)
    rules: list[tuple[int, str, str, bool, float]]
    #: the mention the classifier would state, per polarity (confidence filled in later)
    proposals: dict[Polarity, RelationMention]


@dataclass
class RecordPairs:
    """A record's rule mentions (with their patterns) and its candidate pairs."""

    record: GoldRecord
    group: str
    mentions: list[RelationMention] = field(default_factory=list)
    patterns: list[list[str]] = field(default_factory=list)
    pairs: list[PairExample] = field(default_factory=list)


def label(rec: GoldRecord, m: RelationMention) -> int | None:
    """1 / 0 / None: the scoring's verdict on a stated mention (true hit / false hit / ignored)."""
    verdict, _ = judge(rec, m)
    return None if verdict == "ignored" else int(verdict == "tp")


def run_rules(nlp: Language, texts: Sequence[str], batch_size: int = 64) -> list[Doc]:
    """``nlp`` over ``texts`` with ``kg_pairs`` switched off (the classifier learns from the
    rules' output alone)."""
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n == "kg_pairs"]):
        return list(nlp.pipe(texts, batch_size=batch_size))


def build(
    nlp: Language,
    records: Sequence[GoldRecord],
    groups: Sequence[str],
    floor: float = FLOOR,
    run: Callable[[Sequence[str]], list[Doc]] | None = None,
) -> list[RecordPairs]:
    """Run the pipeline up to ``kg_relations`` over the records' paragraphs and label their pairs.

    ``groups`` gives each record's cross-validation group (its source article); ``run`` turns
    paragraphs into Docs (default :func:`run_rules` with ``nlp``; the training tool passes one
    that reads the model's parses from a cache).
    """
    from kg.nlp.pipeline import paragraphs

    out = [RecordPairs(rec, grp) for rec, grp in zip(records, groups)]
    feed = [(p, k) for k, rec in enumerate(records) for _, p in paragraphs(rec.text)]
    parsed = (run or (lambda texts: run_rules(nlp, texts)))([p for p, _ in feed])
    for doc, (_, k) in zip(parsed, feed):
        rp = out[k]
        offset = len(rp.mentions)
        rp.mentions.extend(relations_of(doc))
        rp.patterns.extend(features_of(doc))
        ctx = DocContext(doc, rule_mentions(doc), floor)
        for site in candidate_pairs(doc, ctx):
            mine = ctx.rules.get(pair_key(site.sent_start, site.a.id, site.b.id), [])
            proposals = {pol: make_mention(doc, site, pol, 0.5) for pol in POLARITIES}
            rp.pairs.append(
                PairExample(
                    features=sorted(pair_features(doc, site, ctx)),
                    labels={pol: label(rp.record, m) for pol, m in proposals.items()},
                    rules=[(offset + r[0], *r[1:]) for r in mine],
                    proposals=proposals,
                )
            )
    return out


def outcome(
    rp: RecordPairs,
    probs: Sequence[dict[str, float]],
    add: float | None,
    floor: float = FLOOR,
    drop: float | None = None,
) -> list[RelationMention]:
    """What ``kg extract`` would print for the record with the classifier on: the rule mentions
    at or above ``floor`` but those the classifier drops at threshold ``drop``, plus the pairs
    it adds at threshold ``add`` (both None: the rules alone) with a confidence at or above
    ``floor``, given each pair's probabilities (in the order of ``rp.pairs``).
    """
    gone = {k for ex, p in zip(rp.pairs, probs) for k in dropped(p, ex.rules, drop)}
    out = [m for k, m in enumerate(rp.mentions) if m.confidence >= floor and k not in gone]
    for ex, p in zip(rp.pairs, probs):
        for pol in decide(p, ex.rules, add):
            confidence = learned_confidence(p[pol])
            if confidence >= floor:
                out.append(replace(ex.proposals[pol], confidence=confidence))
    return out
