"""Citation marks ("Turkey,[113][114]", "Caldera.[citation needed]") split off as tokens of their own.

spaCy's English tokenizer keeps "Turkey,[113][114][115][116" as one token, so the name is
lost (no entity, no gazetteer match) or a label carries the marks. Encyclopedic text is
full of them; these infixes split a bracket from the word it is glued to, and the comma
or period before it.
"""

from __future__ import annotations

#: Infix patterns added to the tokenizer's own.
CITATION_INFIXES = (r"[,.;:](?=\[)", r"(?<=\S)\[", r"\](?=\S)")


def split_citation_marks(nlp) -> None:
    """Add :data:`CITATION_INFIXES` to ``nlp``'s tokenizer (idempotent).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> split_citation_marks(nlp)
    >>> [t.text for t in nlp("backed by Turkey,[113][114] and the UAE.[5]")][2:7]
    ['Turkey', ',', '[', '113', ']']
    """
    from spacy.util import compile_infix_regex

    tokenizer = nlp.tokenizer
    current = tokenizer.infix_finditer.__self__.pattern if tokenizer.infix_finditer else ""
    if all(p in current for p in CITATION_INFIXES):
        return
    infixes = list(nlp.Defaults.infixes or ()) + list(CITATION_INFIXES)
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
