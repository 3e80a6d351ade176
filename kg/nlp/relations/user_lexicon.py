"""A user's own lexicon file, laid over the shipped ``lexicon.tsv`` (issue 10, item 3).

The file has the shipped lexicon's format (tab-separated ``POS LEMMA PREP PROPERTY [FLAGS]``,
``#`` comments; ``kg/nlp/data/lexicon.tsv``'s header says what each column and flag means).
A trigger the user lists gets the user's frames only, in the user's order (so a user can
change or drop what a shipped verb means: ``verb  engage  with  meetsWith``); any other row
kind (``rev``, ``state``, ``label`` ...) adds or replaces that word's mapping. Properties are
checked against the ontology. A bad row is an :class:`~kg.errors.InputError` naming the file
and the line.

:func:`load_lexicon` is what a CLI flag or a config file calls; the ``kg_relations``
component takes the same two paths as its ``lexicon`` / ``user_lexicon`` settings.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.nlp.tables import Lexicon, lexicon, read_lexicon, with_lexicon


def load_user_lexicon(path: str | Path) -> Lexicon:
    """The rows of a user's lexicon file (an error names the file and the line)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such lexicon file")
    user = read_lexicon(path)
    if user == Lexicon({}, {}, frozenset()):
        raise InputError(f"{path}: no rows in the lexicon file (columns: POS, LEMMA, PREP, PROPERTY, FLAGS)")
    return user


def load_lexicon(path: str | Path | None = None, user: str | Path | None = None) -> Lexicon:
    """The lexicon a ``kg_relations`` component reads: ``path`` (None: the shipped one) with
    the rows of the user's file ``user`` (if any) laid over it.

    Examples
    --------
    >>> load_lexicon().entries[("verb", "attack")][0].prop
    'attacks'
    """
    if path is None:
        base = lexicon()
    else:
        if not Path(path).is_file():
            raise InputError(f"{path}: no such lexicon file")
        base = read_lexicon(path)
    return base if user is None else with_lexicon(base, load_user_lexicon(user))
