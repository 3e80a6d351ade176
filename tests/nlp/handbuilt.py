"""Hand-built parses for rule tests that must not depend on the statistical model.

``parse(vocab, "The/DET/det/1 Taliban/PROPN/nsubj/2 seized/VERB/ROOT/2 Kabul/PROPN/dobj/2")``
builds a ``Doc`` whose tokens carry exactly the given part of speech, dependency label and
head (an absolute token index); ``tags``, ``lemmas`` and ``ents`` add what a rule reads.
"""

from __future__ import annotations

from spacy.tokens import Doc

_PUNCT = {".", ",", ";", ":", "'s", "’s", "-", "–", ")", "]"}


def parse(
    vocab,
    spec: str,
    *,
    ents: dict[str, str] | None = None,
    lemmas: dict[str, str] | None = None,
    tags: dict[str, str] | None = None,
) -> Doc:
    """A Doc from ``word/POS/dep/head`` items (``ents``: word or "multi word" -> NER label)."""
    words, pos, deps, heads = [], [], [], []
    for item in spec.split():
        word, p, d, h = item.rsplit("/", 3)
        words.append(word.replace("_", " ") if word != "_" else word)
        pos.append(p)
        deps.append(d)
        heads.append(int(h))
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _PUNCT and words[i] not in ("-", "–", "(", "[")
        for i in range(len(words))
    ]
    lemma = [(lemmas or {}).get(w, _default_lemma(w, p)) for w, p in zip(words, pos)]
    tag = [(tags or {}).get(w, _default_tag(w, p)) for w, p in zip(words, pos)]
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        pos=pos,
        deps=deps,
        heads=heads,
        lemmas=lemma,
        tags=tag,
        ents=_iob(words, ents or {}),
    )
    return doc


def _default_lemma(word: str, pos: str) -> str:
    """Lower case; a plural common noun loses its "s" ("fighters" -> "fighter")."""
    low = word.lower()
    if pos == "NOUN" and low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return low


def _default_tag(word: str, pos: str) -> str:
    if pos == "PROPN":
        return "NNPS" if word.endswith("s") and word[:-1].istitle() and len(word) > 4 else "NNP"
    if pos == "NOUN":
        return "NNS" if word.endswith("s") else "NN"
    return {
        "VERB": "VBD",
        "ADJ": "JJ",
        "DET": "DT",
        "ADP": "IN",
        "PUNCT": ".",
        "PART": "POS",
        "CCONJ": "CC",
        "NUM": "CD",
        "PRON": "PRP",
        "ADV": "RB",
        "AUX": "VBZ",
    }.get(pos, "XX")


def _iob(words: list[str], ents: dict[str, str]) -> list[str]:
    tags = ["O"] * len(words)
    for text, label in ents.items():
        parts = text.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts:
                tags[i] = f"B-{label}"
                for k in range(i + 1, i + len(parts)):
                    tags[k] = f"I-{label}"
    return tags


def actors_by_token(doc) -> dict[str, list[str]]:
    """``{anchor token text: sorted actor ids}`` after kg_actors ran on ``doc``."""
    from kg.nlp.actors import anchors_of

    return {doc[i].text: sorted(a.id for a in an.actors) for i, an in anchors_of(doc).items()}
