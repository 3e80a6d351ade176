"""Gazetteer names: every form of every known actor, matched in a doc.

:class:`GazetteerMatcher` finds the forms (two ``PhraseMatcher``\\ s); :func:`gazetteer_names`
turns the matches into :class:`~kg.nlp.actors.names.Name` records, a plural demonym used as
a noun being the people. A multi-word name counts only written as a name, and a longer
organisation name the NER found wins over a state inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.model import Actor
from kg.nlp.actors.names import Name, form_kind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.nlp.gazetteer import Gazetteer


class GazetteerMatcher:
    """Every form of every gazetteer actor, matched with two ``PhraseMatcher``\\ s.

    Lower case for most forms, exact case for short acronyms ("US" but not "us").
    """

    def __init__(self, vocab, tokenizer, gaz: Gazetteer):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        self.gaz = gaz
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        lower: dict[str, list] = {}
        exact: dict[str, list] = {}
        for pat in gaz.patterns(tokenizer):
            toks = pat["pattern"]
            if "ORTH" in toks[0]:
                exact.setdefault(pat["id"], []).append(Doc(vocab, words=[t["ORTH"] for t in toks]))
            else:
                lower.setdefault(pat["id"], []).append(Doc(vocab, words=[t["LOWER"] for t in toks]))
        for key, docs in lower.items():
            self.lower.add(key, docs)
        for key, docs in exact.items():
            self.exact.add(key, docs)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The longest non-overlapping gazetteer matches, in text order: ``(start, end, id)``, the
        id the hash of the actor id (no Span yet: :func:`gazetteer_names` makes one for a name).

        A name of several words matches only as a name, capitalised: "an Islamic state" is no
        "Islamic State".
        """
        matches = [
            (start, end, match_id)
            for matcher in (self.lower, self.exact)
            for match_id, start, end in matcher(doc)
            if end - start == 1 or _capitalised(doc[i] for i in range(start, end))
        ]
        return longest_matches(matches)


def longest_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """``spacy.util.filter_spans`` on ``(start, end, id)`` tuples: the longest of overlapping
    matches (the first of equals), in text order."""
    in_order = sorted(matches)
    if all(a[1] <= b[0] for a, b in zip(in_order, in_order[1:])):
        return in_order  # no two overlap (the usual case): all are kept
    ordered = sorted(matches, key=lambda m: (m[1] - m[0], -m[0]), reverse=True)
    kept = []
    seen: set[int] = set()
    for m in ordered:
        if m[0] not in seen and m[1] - 1 not in seen:
            kept.append(m)
            seen.update(range(m[0], m[1]))
    return sorted(kept, key=lambda m: m[0])


#: Words that stay lower case inside a name ("Democratic Republic of the Congo", "al-Qaeda", "Al-Qaeda in
#: the Islamic Maghreb").
_NAME_PARTICLES = {
    "of",
    "the",
    "and",
    "for",
    "al",
    "el",
    "e",
    "de",
    "du",
    "des",
    "d'",
    "la",
    "le",
    "bin",
    "ibn",
    "y",
    "da",
    "do",
    "di",
    "van",
    "von",
    "der",
    "-",
    "'s",
    "i",
    "ul",
    "ud",
    "in",
}


def _capitalised(tokens) -> bool:
    """Whether every word of a multi-word match is written as a name."""
    return all(t.text[:1].isupper() or not t.is_alpha or t.lower_ in _NAME_PARTICLES for t in tokens)


def inside_longer_names(
    doc: Doc, ents, matches: list[tuple[int, int, int]], groups: dict[str, str]
) -> list[tuple[int, int, int]]:
    """Gazetteer matches that are part of a longer organisation name the NER found, dropped.

    "the Democratic Forces for the Liberation of Rwanda", "the Bank of Russia": the name is
    the organisation's, not Rwanda's or Russia's. Not when the organisation is an organ of the
    state ("the Government of Iraq", "the Armed Forces of the Philippines"): a group noun
    before "of" leaves that to the group rules. "for" always starts an organisation's own
    name ("the Movement for the Liberation of Azawad").
    """
    longer = []
    org = doc.vocab.strings.add("ORG")
    for ent in ents:
        if ent.label != org:
            continue
        for k, tok in enumerate(ent):
            if tok.lower_ == "for" or (
                tok.lower_ in ("of", "to", "in")
                and not any(t.lemma_.lower() in groups or t.lower_ in groups for t in ent[:k])
            ):
                longer.append((ent.start + k, ent.end))  # "the African Union Mission to Somalia"
                break
            if tok.lower_ in ("of", "to", "in"):
                break
    if not longer:
        return matches
    return [m for m in matches if not any(a < m[0] and m[1] <= b for a, b in longer)]


def gazetteer_names(
    gaz: Gazetteer,
    doc: Doc,
    matches: list[tuple[int, int, int]],
    ents=(),
    form_kinds: dict[str, str | None] | None = None,
) -> list[Name]:
    """Names from gazetteer matches (``(start, end, actor id hash)``); a plural demonym used as a
    noun is the people. A match the NER found as an entity too takes the entity's span as its
    words (one Span object less to make).

    "Palestinians blamed Israel": the Group ``palestine-people`` based in its state; as a
    modifier ("Palestinian officials") the demonym is the state.
    """
    out = []
    strings = doc.vocab.strings
    ent_at = {(e.start, e.end): e for e in ents} if matches else {}
    for start, end, key in matches:
        actor = gaz.get(strings[key])
        if actor is None:
            continue
        s = ent_at.get((start, end))
        if s is None:
            s = Span(doc, start, end)
        root = s[0]  # one word: its own root
        one = len(s) == 1
        text = root.text if one else s.text  # a one-word span's text is its word's
        if (
            one
            and actor.kind == "State"
            and root.tag_ in ("NNPS", "NNS")
            and root.dep_ not in ("amod", "compound", "npadvmod", "nmod", "poss")
            and text.endswith("s")
            and text.lower() != actor.label.lower()
        ):
            actor = Actor(id=f"{actor.id}-people", label=text, kind="Group", based_in=actor.id)
        out.append(Name(s, actor, "gazetteer", form_kind(gaz, text, form_kinds)))
    return out
