"""The learned pair classifier (kg.nlp.learned): candidate pairs and features on hand-built parses,
the model file, the kg_pairs component, and one prediction of the shipped model on a real parse."""

from __future__ import annotations

import json

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.model import Actor, RelationMention
from kg.nlp.actors import Anchor, anchors_of
from kg.nlp.actors import register_extensions as register_actor_extensions
from kg.nlp.actors.anchors import write_anchors
from kg.nlp.learned.component import PATTERN, PairClassifier
from kg.nlp.learned.context import DocContext
from kg.nlp.learned.model import HEADS, PairModel, load_model
from kg.nlp.learned.pairs import candidate_pairs, pair_features
from kg.nlp.learned.rules import rule_mentions
from kg.nlp.relations import features_of
from kg.nlp.relations import register_extensions as register_relation_extensions
from kg.nlp.relations.records import mention_record

pytest_plugins = ["nlp_fixtures"]

CHAD = Actor("chad", "Chad", "State")
SUDAN = Actor("sudan", "Sudan", "State")
KENYA = Actor("kenya", "Kenya", "State")
UGANDA = Actor("uganda", "Uganda", "State")
CHAD_ARMY = Actor("chad-military", "Military of Chad", "Military", part_of="chad")


def parsed(rows: list[tuple[str, int, str, str, str]], anchors: dict[int, Actor]) -> Doc:
    """A Doc from ``(word, head, dep, pos, lemma)`` rows, with ``kg_actors``-style anchors."""
    register_actor_extensions()
    register_relation_extensions()
    words, heads, deps, pos, lemmas = (list(col) for col in zip(*rows))
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    write_anchors(doc, {i: Anchor([a], "gazetteer", where={a.id: (i, i, i + 1)}) for i, a in anchors.items()})
    doc._.kg_relations = []
    return doc


def chad_attacked_sudan() -> Doc:
    # Chad attacked Sudan .  Kenya backed Uganda .
    return parsed(
        [
            ("Chad", 1, "nsubj", "PROPN", "Chad"),
            ("attacked", 1, "ROOT", "VERB", "attack"),
            ("Sudan", 1, "dobj", "PROPN", "Sudan"),
            (".", 1, "punct", "PUNCT", "."),
            ("Kenya", 5, "nsubj", "PROPN", "Kenya"),
            ("backed", 5, "ROOT", "VERB", "back"),
            ("Uganda", 5, "dobj", "PROPN", "Uganda"),
            (".", 5, "punct", "PUNCT", "."),
        ],
        {0: CHAD, 2: SUDAN, 4: KENYA, 6: UGANDA},
    )


def relations_hostile() -> Doc:
    # Relations between Chad and Sudan are hostile .
    return parsed(
        [
            ("Relations", 5, "nsubj", "NOUN", "relation"),
            ("between", 0, "prep", "ADP", "between"),
            ("Chad", 1, "pobj", "PROPN", "Chad"),
            ("and", 2, "cc", "CCONJ", "and"),
            ("Sudan", 2, "conj", "PROPN", "Sudan"),
            ("are", 5, "ROOT", "AUX", "be"),
            ("hostile", 5, "acomp", "ADJ", "hostile"),
            (".", 5, "punct", "PUNCT", "."),
        ],
        {2: CHAD, 4: SUDAN},
    )


def condemned_by_list() -> Doc:
    # Kenya , Uganda and Chad condemned Sudan .
    return parsed(
        [
            ("Kenya", 5, "nsubj", "PROPN", "Kenya"),
            (",", 0, "punct", "PUNCT", ","),
            ("Uganda", 0, "conj", "PROPN", "Uganda"),
            ("and", 2, "cc", "CCONJ", "and"),
            ("Chad", 2, "conj", "PROPN", "Chad"),
            ("condemned", 5, "ROOT", "VERB", "condemn"),
            ("Sudan", 5, "dobj", "PROPN", "Sudan"),
            (".", 5, "punct", "PUNCT", "."),
        ],
        {0: KENYA, 2: UGANDA, 4: CHAD, 6: SUDAN},
    )


def rule(doc: Doc, subject: Actor, obj: Actor, polarity: str, pattern: str = "verb", negated=False) -> None:
    """Append a rule mention (as kg_relations would) for the sentence of the subject's anchor."""
    ti = next(i for i, anc in anchors_of(doc).items() if subject in anc.actors)
    sent = doc[ti].sent
    mention = RelationMention(
        "",
        subject,
        "condemns" if polarity == "conflict" else "supports",
        obj,
        polarity,
        negated=negated,
        confidence=0.9,
        sentence=sent.text,
        char_start=sent.start_char,
        char_end=sent.end_char,
    )
    doc._.kg_relations = [*doc._.kg_relations, mention_record(mention, [pattern, "pred:x"])]


# ------------------------------------------------------------------ candidate pairs
def test_pairs_are_per_sentence_and_per_actor_pair():
    doc = chad_attacked_sudan()
    pairs = [(s.a.id, s.b.id, s.sent_start) for s in candidate_pairs(doc)]
    assert pairs == [("chad", "sudan", 0), ("kenya", "uganda", 4)]  # no pair across the full stop


def test_an_actor_and_its_own_organ_are_no_pair():
    doc = parsed(
        [
            ("Chad", 1, "nsubj", "PROPN", "Chad"),
            ("reformed", 1, "ROOT", "VERB", "reform"),
            ("its", 3, "poss", "PRON", "its"),
            ("army", 1, "dobj", "NOUN", "army"),
        ],
        {0: CHAD, 3: CHAD_ARMY},
    )
    assert candidate_pairs(doc) == []


def test_a_doc_without_anchors_has_no_pairs():
    doc = chad_attacked_sudan()
    write_anchors(doc, {})
    assert candidate_pairs(doc) == []


def test_dep_path_climbs_to_the_common_head():
    doc = relations_hostile()
    up_a, lca, up_b = DocContext(doc).path(4, 6)  # Sudan ... hostile
    assert [doc[t].text for t in up_a] == ["Sudan", "Chad", "between", "Relations"]
    assert doc[lca].text == "are" and [doc[t].text for t in up_b] == ["hostile"]


# ------------------------------------------------------------------ features
def test_subject_object_path_and_its_trigger_class():
    doc = chad_attacked_sudan()
    site = candidate_pairs(doc)[0]
    feats = pair_features(doc, site)
    assert {"path=nsubj^ dobjv", "shape=S^ Ov", "lca=attack", "lca:conf", "rule=none"} <= set(feats)
    assert "coord" not in feats


def test_coordinated_pair_reads_the_words_that_govern_it():
    doc = relations_hostile()
    feats = set(pair_features(doc, candidate_pairs(doc)[0]))
    assert {"coord", "shape=Cv", "up=between", "up=relation", "ctx=acomp:hostile", "coord&ctx:conf"} <= feats


def test_rule_mentions_of_the_pair_are_features():
    doc = chad_attacked_sudan()
    rule(doc, CHAD, SUDAN, "conflict", pattern="verb")
    rule(doc, KENYA, UGANDA, "cooperation", pattern="noun", negated=True)
    ctx = DocContext(doc, rule_mentions(doc))
    first, second = candidate_pairs(doc)
    assert {"rule=verb", "rulepol=conflict", "rulepat=verb|conflict"} <= set(pair_features(doc, first, ctx))
    assert "rulepol=cooperation-neg" in pair_features(doc, second, ctx)
    assert "rule=none" not in pair_features(doc, second, ctx)


def test_list_mates_carry_what_the_rules_said_about_the_first_member():
    doc = condemned_by_list()
    rule(doc, KENYA, SUDAN, "conflict")
    ctx = DocContext(doc, rule_mentions(doc))
    by_pair = {(s.a.id, s.b.id): set(pair_features(doc, s, ctx)) for s in candidate_pairs(doc)}
    assert "mate:conflict" in by_pair[("uganda", "sudan")]
    assert "mate:conflict" in by_pair[("chad", "sudan")]
    assert "mate:conflict" not in by_pair[("kenya", "sudan")]  # its own mention is a rule feature


def test_an_ended_relation_is_marked():
    # Chad lifted the blockade on Sudan .
    doc = parsed(
        [
            ("Chad", 1, "nsubj", "PROPN", "Chad"),
            ("lifted", 1, "ROOT", "VERB", "lift"),
            ("the", 3, "det", "DET", "the"),
            ("blockade", 1, "dobj", "NOUN", "blockade"),
            ("on", 3, "prep", "ADP", "on"),
            ("Sudan", 4, "pobj", "PROPN", "Sudan"),
        ],
        {0: CHAD, 5: SUDAN},
    )
    feats = set(pair_features(doc, candidate_pairs(doc)[0]))
    assert {"on:conf", "ended:conf", "lca:relief"} <= feats


# ------------------------------------------------------------------ model file
def test_the_shipped_model_loads_with_three_heads():
    model = load_model()
    assert model is not None and 0.0 < model.add < 1.0
    assert all(model.weights[h] for h in HEADS)


def test_a_missing_model_file_means_no_model(tmp_path):
    assert load_model(str(tmp_path / "none.json")) is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "cannot read the pair model"),
        (json.dumps({"weights": {"related": {}}, "bias": {}, "add": 0.5}), "not a pair model"),
        (
            json.dumps({"weights": {h: {"f": "heavy"} for h in HEADS}, "bias": {h: 0 for h in HEADS}, "add": 0.5}),
            "not a pair model",
        ),
    ],
)
def test_a_malformed_model_file_is_named_in_one_line(tmp_path, text, message):
    path = tmp_path / "pairs.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_model(str(path))
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_model_round_trips_through_its_file_format():
    model = PairModel(
        {"related": {"coord": 1.5}, "cooperation": {}, "conflict": {"ctx:conf": 2.0}},
        {"related": -1.0, "cooperation": 0.1, "conflict": -0.2},
        add=0.6,
        drop=0.1,
    )
    again = PairModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model
    assert again.probabilities(["coord", "ctx:conf"]) == model.probabilities(["coord", "ctx:conf"])


# ------------------------------------------------------------------ the component
#: A hand-set model: a coordinated pair under a hostile word is a conflict (not trained).
HOSTILE_COORD = PairModel(
    {"related": {"coord": 4.0}, "cooperation": {"coord&ctx:conf": -6.0}, "conflict": {"coord&ctx:conf": 6.0}},
    {"related": -2.0, "cooperation": 0.0, "conflict": -3.0},
    add=0.6,
)


def test_component_adds_a_learned_mention_the_rules_missed():
    doc = PairClassifier(model=HOSTILE_COORD)(relations_hostile())
    [m] = doc._.relations
    assert (m.subject.id, m.predicate, m.object.id, m.polarity) == ("chad", "conflictsWith", "sudan", "conflict")
    assert features_of(doc)[0][0] == PATTERN
    assert m.confidence == pytest.approx(
        HOSTILE_COORD.probabilities(pair_features(doc, candidate_pairs(doc)[0]))["conflict"], abs=1e-4
    )
    assert m.sentence == doc[:].text and (m.char_start, m.char_end) == (0, len(doc[:].text))


def test_component_leaves_a_polarity_the_rules_already_read():
    doc = relations_hostile()
    rule(doc, CHAD, SUDAN, "conflict", pattern="reciprocal", negated=True)  # "are not hostile"
    doc = PairClassifier(model=HOSTILE_COORD)(doc)
    assert [m.negated for m in doc._.relations] == [True]
    assert [f[0] for f in features_of(doc)] == ["reciprocal"]


def test_component_drops_a_rule_mention_the_model_disbelieves_and_keeps_a_denial():
    model = PairModel(HOSTILE_COORD.weights, HOSTILE_COORD.bias, add=None, drop=0.3)
    doc = relations_hostile()
    rule(doc, CHAD, SUDAN, "cooperation", pattern="noun")  # P(cooperation) is about 0.001 here
    rule(doc, CHAD, SUDAN, "cooperation", pattern="verb", negated=True)
    doc = PairClassifier(model=model)(doc)
    assert [(m.polarity, m.negated) for m in doc._.relations] == [("cooperation", True)]
    assert [f[0] for f in features_of(doc)] == ["verb"]


def test_component_keeps_a_rule_mention_the_model_believes():
    model = PairModel(HOSTILE_COORD.weights, HOSTILE_COORD.bias, add=None, drop=0.3)
    doc = relations_hostile()
    rule(doc, CHAD, SUDAN, "conflict", pattern="noun")
    assert [m.polarity for m in PairClassifier(model=model)(doc)._.relations] == ["conflict"]


def test_component_adds_nothing_below_its_threshold():
    model = PairModel(HOSTILE_COORD.weights, HOSTILE_COORD.bias, add=0.99)
    assert PairClassifier(model=model)(relations_hostile())._.relations == []


# ------------------------------------------------------------------ the shipped model on a real parse
def test_shipped_model_agrees_with_a_plain_hostile_verb(nlp):
    from kg.nlp.learned.component import classify

    doc = nlp("The Kurdish militia has clashed repeatedly with Turkish troops.")
    [(site, rules, probs)] = list(classify(doc, load_model()))
    assert {site.a.id, site.b.id} == {"kurdish-militias", "turkey-military"}
    assert probs["conflict"] > 0.8 and probs["cooperation"] < 0.2
    before = len(doc._.relations)
    assert len(PairClassifier(model=load_model())(doc)._.relations) == before  # the rules read it already
