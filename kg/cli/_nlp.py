"""The NLP settings of ``kg build`` / ``kg extract``: options over ``kg.toml`` over the defaults,
checked before anything is read or written (a bad actors row is one line naming file and line)."""

from __future__ import annotations

from kg.project import NlpSettings, nlp_settings


def resolve(model: str | None, actors: str | None, lexicon: str | None) -> NlpSettings:
    """The settings to run with; user files are read now, so their errors come before any store is made."""
    settings = nlp_settings(model, actors, lexicon)
    if settings.actors is not None:
        from kg.nlp.user_actors import load_user_actors

        load_user_actors(settings.actors)
    if settings.lexicon is not None:
        from kg.nlp.relations.user_lexicon import load_user_lexicon

        load_user_lexicon(settings.lexicon)
    return settings
