"""The ``kg_actors`` spaCy component: canonical actors from gazetteer, NER and group nouns.

What it does, per doc, in one pass over the entities and matches:

1. **Gazetteer** forms (``ontologies/actors.ttl`` via :func:`kg.gazetteer.load_gazetteer`)
   are matched with two ``PhraseMatcher``\\ s -- lower case, and exact case for short
   acronyms ("US" but not "us"). "US", "the United States", "America", "American",
   "Washington", "U.S." all become the actor ``united-states``.
2. **NER** entities of the model (GPE, NORP, ORG, PERSON) that the gazetteer does not
   cover become actors too, with the stable id ``slugify(label)``; their text is
   looked up in the gazetteer first (normalised: case, "the", "'s", periods).
   Proper nouns the NER missed (no entity, or a non-actor type such as WORK_OF_ART)
   become actors of kind Group -- the name of the head and its proper-noun compounds.
3. **Group actors**: an actor that modifies a group noun of ``nouns.tsv`` makes a
   group actor ("Iraqi army" -> ``iraq-military`` "Military of Iraq", part_of
   ``iraq``; "the Obama administration" -> ``united-states-government``; "Shia
   militias" -> ``shia-militias``). Labels of a state's government / military name
   the state ("Government of Iraq") so the country stays visible in the label.
   Military instruments ("US warplanes", "US airstrikes", "American war planners")
   are the state's Military actor. A title + name with a country ("Iraqi President
   Saddam Hussein", "Gondor's Prime Minister X") is that person (id from the name),
   labelled as written and ``part_of`` the country; a known leader's name alone
   (``nouns.tsv``: "Putin") is part of his state too.
   A plural demonym used as a noun ("Palestinians blamed Israel") is the people,
   a Group ``<state>-people`` based in the state; as a modifier it is the state.
4. **References** ("it", "they", "the two nations", "both countries") are resolved by
   :mod:`kg.nlp.coref` to actors earlier in the same doc (the pipeline feeds one
   paragraph per doc).

Results: ``doc._.actors`` (a list of ``Span`` with ``span._.actor``) and
``doc._.kg_anchors`` -- ``{token index: Anchor}``, the actors each noun-phrase head
token stands for, which :mod:`kg.nlp.relations` reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from kg.model import Actor
from kg.rdf.iris import slugify
from kg.nlp.tables import noun_tables

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

#: NER labels that can name an actor.
NER_LABELS = {"GPE": "State", "NORP": "Group", "ORG": "Organization", "PERSON": "Person",
              "FALLBACK": "Group"}
#: Entity types whose proper nouns are never actors (dates, places, amounts ...).
FALLBACK_BLOCK = {"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "LOC",
                  "GPE", "NORP", "ORG", "PERSON", "FAC", "LANGUAGE"}
#: Dependency labels by which a modifier attaches to the noun it qualifies.
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "nummod"}

_STATELIKE = {"State"}
#: Where a proper noun the NER missed may stand as an actor.
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss", "dative", "attr", "ROOT"}


def source_is_ner(gaz, text: str) -> bool:
    """True when the gazetteer does not know ``text``."""
    return gaz is None or gaz.lookup(text) is None


def _heads_group(tok, groups) -> bool:
    """Whether ``tok`` (or its first conjunct) modifies a group noun ("Eriadori leaders")."""
    for _ in range(8):
        if tok.dep_ != "conj":
            break
        tok = tok.head
    head = tok.head
    if head.tag_ == "VBN":  # "Shia-backed militias"
        head = head.head
    return head.lemma_.lower() in groups or head.lower_ in groups


@dataclass
class Anchor:
    """The actors one token stands for, and how they were found.

    ``source`` is ``gazetteer``, ``ner``, ``group``, ``person`` or ``coref``;
    ``ner_only`` is true when no actor came from the gazetteer.
    """

    actors: list[Actor]
    source: str
    ner_only: bool = False
    #: how the sentence names each actor (actor id -> surface text), computed on demand
    texts: dict[str, str | None] = field(default_factory=dict)
    #: where each actor was found: actor id -> (anchor token, span start, span end)
    where: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    #: for references: the anchor each actor was resolved from (it names the actor)
    antecedents: dict[str, Anchor] = field(default_factory=dict)

    def text_of(self, doc, actor_id: str) -> str | None:
        """The surface text of ``actor_id`` at this anchor (a reference's antecedent's), cached.

        Computed only for actors that end up in a relation, so its cost does not grow
        with the number of actors a doc mentions.
        """
        if self.source == "coref":  # "they" is named as its antecedent names it
            ante = self.antecedents.get(actor_id)
            return None if ante is None or ante is self else ante.text_of(doc, actor_id)
        if actor_id not in self.texts:
            w = self.where.get(actor_id)
            self.texts[actor_id] = None if w is None else surface_text(
                doc, w[0], doc[w[1]:w[2]], _relation_nouns())
        return self.texts[actor_id]


@cache
def _relation_nouns() -> frozenset[str]:
    """Lemmas of the lexicon's relation nouns ("support", "attack")."""
    from kg.nlp.tables import lexicon

    return frozenset(k[1] for k in lexicon().entries if k[0] == "noun")


def register_extensions() -> None:
    """Register ``Doc._.actors``, ``Doc._.kg_anchors`` and ``Span._.actor`` (idempotent)."""
    from spacy.tokens import Doc, Span

    if not Doc.has_extension("actors"):
        Doc.set_extension("actors", default=None)
    if not Doc.has_extension("kg_anchors"):
        Doc.set_extension("kg_anchors", default=None)
    if not Span.has_extension("actor"):
        Span.set_extension("actor", default=None)


def anchors_of(doc) -> dict:
    """The anchors ``kg_actors`` left on ``doc``: ``{token index: Anchor}`` (None before it ran).

    The one way other components read them, so how ``kg_actors`` keeps them on the Doc
    can change without touching its readers.
    """
    return doc._.kg_anchors


def pluralize(word: str) -> str:
    """Naive English plural for group labels.

    Examples
    --------
    >>> pluralize("militia"), pluralize("rebels"), pluralize("military"), pluralize("people")
    ('militias', 'rebels', 'military', 'people')
    >>> pluralize("militiamen"), pluralize("policeman")
    ('militiamen', 'policemen')
    """
    if word.endswith("s") or word.endswith("men") or word in {"people", "police", "military", "leadership", "opposition",
                                      "artillery", "government", "administration", "regime",
                                      "cabinet", "parliament", "navy", "army", "insurgency",
                                      "community", "legislature", "ministry", "embassy"}:
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


#: Participles that place a group in a country ("based in", "operating in", "living in").
BASED_VERBS = {"base", "operate", "live", "station", "headquarter", "deploy"}
#: Tokens dropped from the start of a surface phrase.
_LEADING_DROP = {"det", "predet", "preconj", "punct", "cc", "prep", "mark", "advmod"}
#: Longest surface phrase kept (tokens); longer ones fall back to the canonical label.
MAX_SURFACE = 16


def surface_text(doc, ti: int, span, relation_nouns=frozenset()) -> str | None:
    """How the sentence names the actor anchored at token ``ti`` (found as ``span``).

    The noun phrase headed by the anchor token (climbing compounds: "Iran's religious
    leader Ayatollah Ruhollah Khomeini"), its left modifiers included, a leading
    determiner dropped; the actor's own "of / in / from" phrase on the right is kept
    ("rebels in the Ivory Coast"). When the modifiers are coordinated ("Hungarian and
    Romanian officials") only this actor's words are kept ("Romanian officials"). A name
    qualifying a plain noun names the actor with it ("British aircraft"), unless the noun
    is a relation noun ("Iranian support", "US-Iranian cooperation", "Iranian-backed"): then
    the actor's own words are its text ("Iranian").
    Cost: a few steps per actor, not per token.
    """
    tok = doc[ti]
    h = tok
    for _ in range(4):
        if h.dep_ in ("compound", "flat") and h.head.i > h.i and h.head.lemma_.lower() not in relation_nouns:
            h = h.head
        else:
            break
    if h.i == ti and h.dep_ in ("amod", "compound", "npadvmod", "nmod") and h.head.i > h.i:
        if h.head.pos_ in ("NOUN", "PROPN") and h.head.lemma_.lower() not in relation_nouns:
            h = h.head  # "British aircraft", "Iraqi towns", "Saudi businessman": the phrase names the actor
        else:  # "US-Iranian cooperation", "Iranian-backed": a modifier of the relation itself
            return span.text.strip() or None
    start, end = h.left_edge.i, h.i + 1
    for c in h.rights:
        if c.dep_ in ("cc", "punct"):
            continue
        if c.dep_ == "appos" and c.left_edge.i == end and c.pos_ == "PROPN":
            end = c.i + 1  # "Iran's religious leader Ayatollah Ruhollah Khomeini"
        elif c.dep_ == "acl" and c.i == end and c.lemma_.lower() in BASED_VERBS and (place := next(
                (p for p in c.children if p.dep_ == "prep" and p.lower_ == "in" and p.i == c.i + 1 and
                 any(g.pos_ == "PROPN" for g in p.subtree)), None)) is not None and \
                place.right_edge.i + 1 - start <= MAX_SURFACE:
            end = place.right_edge.i + 1  # "a terror group based in Trinidad", "Palestinians living in Gaza"
        elif c.dep_ == "conj" and c.pos_ == "NOUN" and c.i == end + 1 and doc[end].dep_ == "cc" and \
                span.start < h.i and not any(g.dep_ in MODIFIER_DEPS for g in c.children):
            end = c.i + 1  # "Israeli helicopters and tanks": the modifier is shared
        elif c.dep_ == "prep" and c.i == end and c.lower_ in ("in", "of", "from", "for"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            named = pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("GPE", "NORP", "ORG") or (
                c.lower_ != "for" and any(g.pos_ == "PROPN" for g in pobj.subtree)))  # "the city of Hebron"
            if named and c.right_edge.i + 1 - start <= MAX_SURFACE:
                end = c.right_edge.i + 1  # "Ethnic Albanians in south Serbia"
        break
    if start > span.start:
        start = span.start
    if span.end > end and span.start > h.i:
        end = span.end  # "rebels in the Ivory Coast", "soldiers from Gondor"
    elif span.end > end:
        end = span.end
    if any(doc[j].dep_ in ("cc", "conj") and doc[j].head.i != h.i for j in range(start, h.i)) or \
            any(doc[j].dep_ == "cc" for j in range(start, h.i)):
        # coordinated modifiers: this actor's words plus the head's own tail
        tail_start = max(span.end, ti)
        words = span.text if tail_start > h.i else f"{span.text} {doc[tail_start:h.i + 1].text}"
        return words.strip() or None
    while start < end - 1 and (doc[start].dep_ in _LEADING_DROP or doc[start].lower_ in ("the", "a", "an")) \
            and not (span.start <= start < span.end):
        start += 1
    while end - 1 > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if end - start > MAX_SURFACE:
        return None
    text = doc[start:end].text.strip().replace("_", " ")  # "Dol_Amroth": a joined name
    return text or None


class ActorRecognizer:
    """The ``kg_actors`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "kg_actors", use_gazetteer: bool = True):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        register_extensions()
        self.name = name
        self.tables = noun_tables()
        self.gaz = None
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        if use_gazetteer:
            try:
                from kg.gazetteer import load_gazetteer
            except ImportError:  # pragma: no cover - the gazetteer ships with kg
                load_gazetteer = None
            if load_gazetteer is not None:
                self.gaz = load_gazetteer()
                lower: dict[str, list] = {}
                exact: dict[str, list] = {}
                for pat in self.gaz.patterns(nlp.tokenizer):
                    toks = pat["pattern"]
                    if "ORTH" in toks[0]:
                        exact.setdefault(pat["id"], []).append(
                            Doc(nlp.vocab, words=[t["ORTH"] for t in toks]))
                    else:
                        lower.setdefault(pat["id"], []).append(
                            Doc(nlp.vocab, words=[t["LOWER"] for t in toks]))
                for key, docs in lower.items():
                    self.lower.add(key, docs)
                for key, docs in exact.items():
                    self.exact.add(key, docs)
        self._cache: dict[tuple[str, str], Actor | None] = {}
        from spacy.parts_of_speech import NOUN, PROPN

        self._propn = int(PROPN)
        self._noun = int(NOUN)
        from kg.nlp.tables import lexicon

        self._relation_nouns = {k[1] for k in lexicon().entries if k[0] == "noun"}

    # ------------------------------------------------------------ helpers
    def _state(self, actor_id: str) -> Actor:
        if self.gaz is not None and (hit := self.gaz.get(actor_id)) is not None:
            return hit
        return Actor(id=actor_id, label=actor_id.replace("-", " ").title(), kind="State")

    def _ner_actor(self, text: str, label: str) -> Actor | None:
        key = (text, label)
        if key in self._cache:
            return self._cache[key]
        actor: Actor | None = None
        if self.gaz is not None and (entry := self.gaz.lookup(text)) is not None:
            actor = entry.actor
        else:
            clean = text.strip()
            low = clean.lower()
            if low.startswith("the "):
                clean = clean[4:]
            if clean.endswith("'s") or clean.endswith("\u2019s"):
                clean = clean[:-2]
            if label in ("PERSON", "ORG"):  # "The New York Times's Helene Cooper" -> "Helene Cooper"
                clean = re.split(r"['\u2019]s\s+", clean)[-1]
            clean = clean.strip(" .,'\"\u2019").replace("_", " ")
            if len(clean) >= 2 and any(c.isalpha() for c in clean):
                actor = Actor(id=slugify(clean), label=clean, kind=NER_LABELS[label])
        self._cache[key] = actor
        return actor

    def _group(self, base: Actor, head: Token, kind: str, modifier_text: str,
               fallback: bool = False) -> Actor:
        """The group actor "<base> <group noun>"."""
        if base.kind in ("ArmedGroup", "Organization") and kind in ("Military", "ArmedGroup", "Government") \
                and self.gaz is not None and self.gaz.get(base.id) is not None:
            return base  # "ISIS fighters", "NATO troops", "Hezbollah officials": the organisation itself
        state = base if base.kind in _STATELIKE else None
        if state is None and fallback and base.kind == "Group" and \
                kind in ("Government", "Military") and base.label[:1].isupper() and \
                " " not in base.label and base.label.lower() not in self.tables.notnames:
            state = base  # an unknown proper name in front of "government" is taken as a country
        if state is None and base.kind == "Person" and self.tables.leaders.get(
                base.label.split()[-1].lower()):
            state = self._state(self.tables.leaders[base.label.split()[-1].lower()])
        if state is not None and kind in ("Government", "Military"):
            word = "Government" if kind == "Government" else "Military"
            return Actor(id=f"{state.id}-{word.lower()}", label=f"{word} of {state.label}",
                         kind=kind, part_of=state.id)
        noun = pluralize(head.lemma_.lower() if head.tag_ not in ("NNS", "NNPS") else head.text.lower())
        mod = modifier_text.strip()
        if state is not None:
            return Actor(id=f"{state.id}-{slugify(noun)}", label=f"{mod} {noun}", kind=kind,
                         based_in=state.id)
        label = f"{mod} {noun}"
        return Actor(id=slugify(label), label=label, kind=kind)

    def _official(self, doc, country: Actor, country_span, person_found) -> Actor:
        """ "Iraqi President Saddam Hussein": the person, labelled as written, part of the country."""
        pspan, person, _ = person_found
        start = min(country_span.start, pspan.start)
        while start < pspan.start and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        label = doc[start:pspan.end].text
        part_of = country.id if country.kind in _STATELIKE or country.kind == "Group" else None
        return Actor(id=person.id, label=label, kind="Person", part_of=part_of)

    # ------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans: list[Span] = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=match_id)
                spans.append(span)
        gaz_spans = filter_spans(spans)
        covered = set()
        for s in gaz_spans:
            covered.update(range(s.start, s.end))
        found: list[tuple[Span, Actor, str]] = []
        for s in gaz_spans:
            actor = self.gaz.get(s.label_) if self.gaz is not None else None
            if actor is not None:
                root = s.root
                if actor.kind == "State" and len(s) == 1 and root.tag_ in ("NNPS", "NNS") and \
                        root.dep_ not in ("amod", "compound", "npadvmod", "nmod", "poss") and \
                        root.text.endswith("s") and root.text.lower() != actor.label.lower():
                    # "Palestinians blamed Israel": a people, based in its state
                    actor = Actor(id=f"{actor.id}-people", label=root.text, kind="Group",
                                  based_in=actor.id)
                found.append((s, actor, "gazetteer"))
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS or ent.label_ == "FALLBACK" or any(i in covered for i in range(ent.start, ent.end)):
                continue
            # trim a leading "the" / trailing possessive
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            while end > start and doc[end - 1].tag_ == "POS":
                end -= 1
            if start >= end:
                continue
            span = doc[start:end]
            actor = self._ner_actor(span.text, ent.label_)
            if actor is not None and actor.kind == "Person" and (
                    self.gaz is None or self.gaz.lookup(span.text) is None):
                # keep the title in the label ("President Yoweri Museveni"); the id is the name
                t0 = start
                while t0 > 0:
                    prev = doc[t0 - 1]
                    if (prev.lower_ in self.tables.titles or prev.lower_ in self.tables.notnames) \
                            and prev.text[:1].isupper():
                        t0 -= 1
                    elif prev.lower_ == "of" and t0 > 1 and doc[t0 - 2].lower_ in self.tables.titles:
                        t0 -= 1  # "Secretary of State"
                    elif prev.text == "-" and t0 > 1 and doc[t0 - 2].lower_ in self.tables.titles:
                        t0 -= 1  # "Secretary-General"
                    else:
                        break
                if t0 < start:
                    actor = replace(actor, label=f"{doc[t0:start].text} {actor.label}")
            if actor is not None and ent.label_ == "NORP" and source_is_ner(self.gaz, span.text) and \
                    span.root.dep_ in ("amod", "compound", "npadvmod") and \
                    not _heads_group(span.root, self.tables.groups):
                continue  # "European partners", "Western criticism": an adjective, not an actor
            if actor is not None:
                found.append((span, actor, "ner" if self.gaz is None or
                              self.gaz.lookup(span.text) is None else "gazetteer"))
        groups = self.tables.groups
        titles = self.tables.titles
        # proper nouns the NER missed ("Arnor", "Osgiliath"): argument heads and modifiers
        taken = set(covered)
        for span, _, _ in found:
            taken.update(range(span.start, span.end))
        from spacy.attrs import POS

        pos_arr = doc.to_array([POS])
        propn = (pos_arr == self._propn).nonzero()[0].tolist()
        # a capitalised word the tagger took for a common noun, coordinated with a name
        # ("Fornost and Gondor welcomed ..."), is a name too
        propn += [i for i in (pos_arr == self._noun).nonzero()[0].tolist()
                  if doc[i].is_title and any(c.pos_ == "PROPN" for c in doc[i].conjuncts)]
        for ti in sorted(propn):
            tok = doc[ti]
            if tok.i in taken or tok.ent_type_ in FALLBACK_BLOCK:
                continue
            if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.lower_ not in titles \
                    and not any(doc[j].lower_ in titles for j in range(tok.i + 1, tok.head.i)):
                continue  # part of a longer name: handled at its head
            if tok.dep_ not in ARGUMENT_DEPS and not (
                    tok.dep_ in ("compound", "amod", "nmod") and (
                        tok.head.lemma_.lower() in groups or tok.head.lower_ in titles or
                        any(doc[j].lower_ in titles for j in range(tok.i + 1, tok.head.i)) or
                        # "former Gondor prosecutors": the name qualifies an argument noun
                        (tok.head.pos_ == "NOUN" and tok.head.dep_ in ARGUMENT_DEPS and
                         tok.head.lemma_.lower() not in self._relation_nouns))):
                continue  # "its Gulf war": a name inside a phrase is no actor by itself
            if tok.lower_ in titles or tok.lower_ in self.tables.notnames or \
                    not tok.text[:1].isupper() or len(tok.text) < 2:
                continue
            start = tok.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                    and start - 1 < doc[start - 1].head.i <= tok.i and doc[start - 1].lower_ not in titles \
                    and doc[start - 1].lower_ not in self.tables.notnames \
                    and (start - 1) not in taken and doc[start - 1].ent_type_ not in FALLBACK_BLOCK:
                start -= 1
            span = doc[start:tok.i + 1]
            actor = self._ner_actor(span.text, "FALLBACK")
            if actor is not None:
                found.append((span, actor, "fallback"))
                taken.update(range(span.start, span.end))
        found.sort(key=lambda f: f.__getitem__(0).start)

        anchors: dict[int, Anchor] = {}
        actor_spans: list[Span] = []
        span_of_token: dict[int, int] = {}
        for n, (span, _, _) in enumerate(found):
            for i in range(span.start, span.end):
                span_of_token[i] = n
        placed: list[tuple[int, Actor, str, str, Span]] = []  # (token, actor, how, source, span)
        person_tokens: set[int] = set()
        leaders = self.tables.leaders
        for span, actor, source in found:
            root = span.root
            # a conjunct modifier ("Hungarian and Romanian officials") attaches like its first conjunct
            first = root
            steps = 0
            while first.dep_ == "conj" and steps < 8:
                first = first.head
                steps += 1
            head = first.head
            target, result, how = root, actor, source
            if first.dep_ == "pobj" and head.lower_ == "in" and head.head.dep_ == "acl" and \
                    head.head.lemma_.lower() in BASED_VERBS and head.head.head.pos_ == "NOUN":
                head = head.head.head  # "a terror group based in Trinidad", "guerrillas operating in X"
                is_mod = head.i not in span_of_token and not any(
                    c.i in span_of_token for c in head.children if c.dep_ in MODIFIER_DEPS)
            elif first.dep_ == "pobj" and head.lower_ in ("of", "in", "from") and head.dep_ == "prep":
                head = head.head  # "the government of Gondor", "soldiers from Gondor"
                is_mod = head.pos_ in ("NOUN", "PROPN") and head.i not in span_of_token and \
                    head.lower_ != "state" and not any(
                    c.i in span_of_token for c in head.children if c.dep_ in MODIFIER_DEPS)
            else:
                is_mod = first.dep_ in MODIFIER_DEPS and head.i != first.i
            if is_mod and head.i not in span_of_token:
                lemma = head.lemma_.lower()
                kind = groups.get(lemma) or groups.get(head.lower_)
                if kind is not None:
                    # "Afghan rebel leaders": a group noun in between names the group
                    for c in head.children:
                        inner = groups.get(c.lemma_.lower())
                        if c.dep_ == "compound" and c.i > span.end - 1 and inner and inner != kind:
                            kind = inner
                            head = c
                            break
                if kind is not None and (actor.kind != "Person" or
                                         actor.label.split()[-1].lower() in leaders):
                    # "war planners": a compound noun between modifier and head keeps the head
                    result = self._group(actor, head, kind, span.text, fallback=source == "fallback")
                    target, how = head, "group"
                    # a title in front of a name: "German Foreign Minister Oskar Fischer"
                    if kind == "Government" and (lemma in titles or head.lower_ in titles) and \
                            head.dep_ == "compound" and head.head.i in span_of_token and \
                            found[span_of_token[head.head.i]][1].kind == "Person":
                        target, how = head.head, "person"
                        result = self._official(doc, actor, span, found[span_of_token[head.head.i]])
            elif is_mod and head.i in span_of_token:
                other_span, other_actor, _ = found[span_of_token[head.i]]
                if other_actor.kind == "Person" and (actor.kind in _STATELIKE or source == "fallback") and (
                        any(t.lower_ in titles for t in head.children if t.dep_ == "compound")
                        or any(t.lower_ in titles for t in other_span)):
                    result = self._official(doc, actor, span, (other_span, other_actor, None))
                    target, how = head, "person"
            if how in ("ner", "gazetteer", "fallback") and first.dep_ in ("npadvmod", "compound", "nmod") and \
                    head.tag_ == "VBN" and head.dep_ == "amod" and head.head.i not in span_of_token:
                noun = head.head
                kind = groups.get(noun.lemma_.lower()) or groups.get(noun.lower_)
                if kind is not None and not any(
                        c.i in span_of_token for c in noun.children if c.i != head.i):
                    # "Pakistani-backed militants": the militants are an actor of their own
                    label = doc[span.start:noun.i + 1].text
                    group = Actor(id=slugify(label), label=label, kind=kind)
                    placed.append((noun.i, group, "group", source, doc[span.start:noun.i + 1]))
            if how in ("ner", "gazetteer", "fallback"):
                if actor.kind == "Person" and actor.label.split()[-1].lower() in leaders:
                    # "Putin", "President Obama": a known leader is part of his state
                    result = replace(actor, part_of=leaders[actor.label.split()[-1].lower()])
                    how = "person"
            if how == "person":
                person_tokens.add(target.i)
            placed.append((target.i, result, how, source, span))
        for ti, result, how, source, span in placed:
            if ti in person_tokens and how != "person":
                continue  # the official's government replaces the plain name
            anchor = anchors.get(ti)
            if how in ("group", "person") and anchor is not None and \
                    anchor.source in ("ner", "gazetteer", "fallback"):
                anchor = None  # the group replaces the plain name at that token
            elif how in ("ner", "gazetteer", "fallback") and anchor is not None and \
                    anchor.source in ("group", "person"):
                continue
            if anchor is None:
                anchor = anchors[ti] = Anchor([result], how, ner_only=source in ("ner", "fallback"))
            elif result.id not in {a.id for a in anchor.actors}:
                anchor.actors.append(result)
                anchor.ner_only = anchor.ner_only and source in ("ner", "fallback")
            anchor.where.setdefault(result.id, (ti, span.start, span.end))
            s = Span(doc, span.start, span.end, label=result.kind)
            s._.actor = result
            actor_spans.append(s)
        from kg.nlp.coref import resolve_references

        resolve_references(doc, anchors, self.tables)
        doc._.actors = actor_spans
        doc._.kg_anchors = anchors
        return doc
