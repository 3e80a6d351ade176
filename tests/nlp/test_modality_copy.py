"""The modality of a trigger is worked out once per doc and handed out as copies
(:func:`kg.nlp.relations.modality.modality`): a copy must carry every field, or a relation
loses its negation, hedge, speaker or override."""

from __future__ import annotations

from dataclasses import fields


def test_a_modality_copy_keeps_every_field_and_is_its_own():
    from kg.nlp.relations.modality import Modality

    original = Modality(**{f.name: object() for f in fields(Modality)})
    copy = original.copy()
    assert copy is not original
    assert all(getattr(copy, f.name) is getattr(original, f.name) for f in fields(Modality))
    copy.negated = True
    assert original.negated is not True
