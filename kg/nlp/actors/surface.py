"""Surface names: how the sentence names an actor (the printed ``label`` of a mention).

The canonical actor (``iran-government``) says who acts; the surface text says how the
sentence put it ("Iran's religious leader Ayatollah Ruhollah Khomeini"), which is what a
reader checks a mention against.
"""

from __future__ import annotations

#: Participles that place a group in a country ("based in", "operating in", "living in").
BASED_VERBS = {"base", "operate", "live", "station", "headquarter", "deploy"}
#: Dependency labels by which a modifier attaches to the noun it qualifies.
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod"}
#: Tokens dropped from the start of a surface phrase.
_LEADING_DROP = {"det", "predet", "preconj", "punct", "cc", "prep", "mark", "advmod"}
#: Longest surface phrase kept (tokens); longer ones fall back to the canonical label.
MAX_SURFACE = 16


def surface_text(doc, ti: int, span, relation_nouns=frozenset(), abstract_nouns=frozenset()) -> str | None:
    """How the sentence names the actor anchored at token ``ti`` (found as ``span``).

    The noun phrase headed by the anchor token (climbing compounds: "Iran's religious
    leader Ayatollah Ruhollah Khomeini"), its left modifiers included, a leading
    determiner dropped; the actor's own "of / in / from" phrase on the right is kept
    ("rebels in the Ivory Coast"). When the modifiers are coordinated ("Hungarian and
    Romanian officials") only this actor's words are kept ("Romanian officials"). A name
    qualifying a plain noun names the actor with it ("British aircraft"), unless the noun
    is a relation noun ("Iranian support", "US-Iranian cooperation", "Iranian-backed"): then
    the actor's own words are its text ("Iranian"); or an abstract noun the actor owns
    ("Israeli military policies", "Moroccan rule"): then the words before it ("Israeli
    military", "Moroccan").
    Cost: a few steps per actor, not per token.
    """
    tok = doc[ti]
    h = tok
    for _ in range(4):
        if (
            h.dep_ in ("compound", "flat")
            and h.head.i > h.i
            and h.head.lemma_.lower() not in relation_nouns
            and not _paired(doc, h.i)
        ):
            h = h.head
        else:
            break
    if h.i == ti and _paired(doc, h.i):
        return span.text.strip() or None  # "the Japan-Korea treaty": a pair of names, each its own
    if h.i == ti and h.dep_ in ("amod", "compound", "npadvmod", "nmod") and h.head.i > h.i:
        if h.head.pos_ in ("NOUN", "PROPN") and h.head.lemma_.lower() in abstract_nouns:
            return _before_head(doc, h.head, span)
        if h.head.pos_ in ("NOUN", "PROPN") and h.head.lemma_.lower() not in relation_nouns:
            h = h.head  # "British aircraft", "Iraqi towns", "Saudi businessman": the phrase names the actor
        else:  # "US-Iranian cooperation", "Iranian-backed": a modifier of the relation itself
            return span.text.strip() or None
    start, end = h.left_edge.i, h.i + 1
    end = _right_phrase_end(doc, h, span, start, end)
    if start > span.start:
        start = span.start
    if span.end > end:
        end = span.end  # "rebels in the Ivory Coast", "soldiers from Gondor"
    if any(doc[j].dep_ in ("cc", "conj") and doc[j].head.i != h.i for j in range(start, h.i)) or any(
        doc[j].dep_ == "cc" for j in range(start, h.i)
    ):
        # coordinated modifiers: this actor's words plus the head's own tail
        tail_start = max(span.end, ti)
        words = span.text if tail_start > h.i else f"{span.text} {doc[tail_start : h.i + 1].text}"
        return words.strip() or None
    while (
        start < end - 1
        and (doc[start].dep_ in _LEADING_DROP or doc[start].lower_ in ("the", "a", "an"))
        and not (span.start <= start < span.end)
    ):
        start += 1
    while end - 1 > start and doc[end - 1].tag_ == "POS":
        end -= 1
    opened = next((k for k in range(span.end, end) if doc[k].text == "("), None)
    if opened is not None and not any(doc[k].text == ")" for k in range(opened, end)):
        end = opened  # "Forces for Defence of Democracy (FDD": no label ends inside a parenthesis
    if end - start > MAX_SURFACE:
        return None
    text = doc[start:end].text.strip().replace("_", " ")  # "Dol_Amroth": a joined name
    return text or None


#: Hyphens and dashes that join two names into a pair ("Japan-Korea", "Iran–Iraq").
_DASHES = {"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"}


def _before_head(doc, head, span) -> str | None:
    """ "the Israeli military policies" -> "Israeli military": the qualifiers of an abstract noun."""
    start = head.left_edge.i
    while start < span.start and (
        doc[start].dep_ in ("det", "predet", "poss", "case", "nummod") or doc[start].tag_ == "POS"
    ):
        start += 1
    if any(doc[k].dep_ in ("cc", "conj") for k in range(start, head.i)):
        return span.text.strip() or None  # "US and Iranian policies": this actor's own words
    return doc[start : head.i].text.strip() or None


def _paired(doc, i: int) -> bool:
    """Whether the name at ``i`` is the first of a pair joined by a dash ("Japan-Korea", "Iran–Iraq")."""
    return (
        i + 2 < len(doc)
        and doc[i + 1].text in _DASHES
        and doc[i].text[:1].isupper()
        and doc[i + 2].text[:1].isupper()
        and doc[i + 2].pos_ == "PROPN"
    )


def _right_phrase_end(doc, h, span, start: int, end: int) -> int:
    """Where the phrase headed by ``h`` ends: the first right dependent that belongs to the name."""
    for c in h.rights:
        if c.dep_ in ("cc", "punct"):
            continue
        if c.dep_ == "appos" and c.left_edge.i == end and c.pos_ == "PROPN" and doc[end].text != "(":
            end = c.i + 1  # "Iran's religious leader Ayatollah Ruhollah Khomeini"
        elif (
            c.dep_ == "acl"
            and c.i == end
            and c.lemma_.lower() in BASED_VERBS
            and (
                place := next(
                    (
                        p
                        for p in c.children
                        if p.dep_ == "prep"
                        and p.lower_ == "in"
                        and p.i == c.i + 1
                        and any(g.pos_ == "PROPN" for g in p.subtree)
                    ),
                    None,
                )
            )
            is not None
            and place.right_edge.i + 1 - start <= MAX_SURFACE
        ):
            end = place.right_edge.i + 1  # "a terror group based in Trinidad", "Palestinians living in Gaza"
        elif (
            c.dep_ == "conj"
            and c.pos_ == "NOUN"
            and c.i == end + 1
            and doc[end].dep_ == "cc"
            and span.start < h.i
            and not any(g.dep_ in MODIFIER_DEPS for g in c.children)
        ):
            end = c.i + 1  # "Israeli helicopters and tanks": the modifier is shared
        elif c.dep_ == "prep" and c.i == end and c.lower_ in ("in", "of", "from", "for"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            named = pobj is not None and (
                pobj.pos_ == "PROPN"
                or pobj.ent_type_ in ("GPE", "NORP", "ORG")
                or (c.lower_ != "for" and any(g.pos_ == "PROPN" for g in pobj.subtree))
            )  # "the city of Hebron"
            if named and c.right_edge.i + 1 - start <= MAX_SURFACE:
                end = c.right_edge.i + 1  # "Ethnic Albanians in south Serbia"
        break
    return end
