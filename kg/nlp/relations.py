"""The ``kg_relations`` spaCy component: typed, signed relations from the dependency parse.

Triggers are the words of ``lexicon.tsv`` (verbs, nouns, adjectives); each trigger's
subject and object are found from the parse and mapped to actors through the anchors
``kg_actors`` left (``doc._.kg_anchors``). Patterns (their names feed the confidence
model, ``confidence.json``):

``verb``          active verb, subject and object in its own clause ("Iran attacked Iraq");
``passive``       "Iraq was attacked by Iran" (the agent is the subject);
``inherited``     subject from a governing / coordinated clause ("Arnor is about to restore
                  ties", "X attacked and killed Y", relative clauses, participles);
``control``       the subject of a control verb shares the embedded relation ("the US wants
                  Baghdad to beat back ISIS" -> the US fights ISIS);
``participle``    "Iranian-backed militias" (the modifier supports the head noun);
``noun``          a relation noun with its own subject ("US support for the Iraqi army");
``noun-pair``     a relation noun with two actor modifiers ("US-Iranian cooperation");
``noun-climb``    a relation noun whose subject is the subject of the verb above it ("play a
                  role in the fight against ISIS", "restore ties with", "at odds with");
``reciprocal``    a symmetric trigger with a plural / coordinated subject and no object
                  ("the US and Iran have been at odds", "X and Y are rivals");
``description``   a symmetric noun that is itself a reference to two actors ("the two
                  traditional enemies");
``xobj``          the object sits in an infinitive ("threatened to cut power to X");
``cond``          the object is the subject of an if / unless clause ("threatened to strike
                  unless Israel withdrew");
``place``         a protest with no target is against the state it happens in ("rallied in
                  Ankara"), unless the sentence names another relation of its subject.

Negation: a ``neg`` dependent on the trigger or the verbs governing it, a negating
determiner ("no talks"), or a denial verb above it. Hedging and attribution: cue words of
``hedges.tsv`` on the trigger or on the verbs governing it; a speech verb's subject is
``attributed_to`` when it is an actor, and an unnamed source ("critics say") hedges.
Dependency walks are capped (a few steps), so the cost is linear in the doc's length.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING

from kg.model import Actor, RelationMention
from kg.nlp.tables import Cues, LexEntry, Lexicon, confidence_model, conflict_lemmas, cues, lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from kg.nlp.actors import Anchor

MAX_CLIMB = 4
#: Passives that state what their subject does ("were engaged in fighting", "involved in talks").
STATIVE_PASSIVES = {"engage", "involve", "embroil"}
#: Acts only a state's authorities do: done "in" a state with no agent named, they are the state's.
STATE_ACTS = {"coerces", "sanctions"}
#: Places whose "in" / "for" phrase names whose they are ("a camp for Congolese refugees").
PLACE_NOUNS = {"camp", "village", "town", "city", "home", "house", "office", "headquarters", "base",
               "settlement", "area", "district", "region", "province", "enclave", "compound", "jail",
               "prison"}
#: Trade a measure applies to ("an embargo on arms sales to X", "a ban on exports to X").
TRADE_NOUNS = {"sale", "export", "import", "shipment", "delivery", "transfer", "trade", "flight",
               "supply", "investment", "purchase"}
#: Particles the parser may take for prepositions ("cordoned off the roads").
PARTICLES = {"off", "up", "down", "out"}
#: "roads leading into X": routes and lines that reach an actor's territory.
ROUTE_VERBS = {"lead", "go", "run", "link", "connect"}
ROUTE_PREPS = {"into", "to", "toward", "towards"}
#: Which modifier of a noun names its actor first ("bin Laden's al-Qaeda network" -> al-Qaeda).
_DESCENT_ORDER = {"compound": 0, "nmod": 1, "amod": 2, "poss": 3, "prep": 4, "nummod": 5}
CHAIN_DEPS = {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj"}
SUBJ_DEPS = {"nsubj", "csubj"}
RELATIVE = {"that", "which", "who", "whom", "whose"}
RECIPROCAL = {"each other", "one another"}
VERBISH = {"VERB", "AUX"}
#: "threatened further action against Russia", "boycott contact with the US": when a verb's
#: direct object is not an actor, the object of one of these prepositions on it is.
DOBJ_PREPS = {"conflict": {"against", "on", "at", "with", "to"},
              "cooperation": {"with", "to", "toward", "towards", "for"}}
#: Prepositions that introduce circumstances, not arguments: a relation noun under them
#: does not take the clause's subject.
ADVERBIAL_PREPS = {"after", "before", "since", "during", "despite", "following", "amid", "until",
                   "without", "because", "like", "unlike", "than", "as", "over", "through"}


@dataclass
class Candidate:
    """A relation before it becomes a :class:`~kg.model.RelationMention`."""

    subject: Actor
    prop: str
    object: Actor
    pattern: str
    trigger: int
    negated: bool = False
    hedged: bool = False
    attributed_to: Actor | None = None
    steps: int = 0
    ner_only: bool = False
    coref: bool = False
    extra: dict = field(default_factory=dict)
    subject_text: str | None = None
    object_text: str | None = None


def register_extensions() -> None:
    """Register ``Doc._.relations`` and ``Doc._.relation_patterns`` (idempotent)."""
    from spacy.tokens import Doc

    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", default=None)
    if not Doc.has_extension("relation_patterns"):
        Doc.set_extension("relation_patterns", default=None)
    if not Doc.has_extension("relation_features"):
        Doc.set_extension("relation_features", default=None)


class _Ctx:
    """Per-doc state: anchors, lexicon, cues."""

    def __init__(self, doc: Doc, anchors: dict[int, Anchor], lex: Lexicon, cue: Cues,
                 noun_triggers: frozenset[str] | None = None):
        self.doc = doc
        self.anchors = anchors
        self.lex = lex
        self.cue = cue
        self.noun_triggers = noun_triggers if noun_triggers is not None else \
            frozenset(k[1] for k in lex.entries if k[0] == "noun")

    # ------------------------------------------------------------ actors of a token
    def actors_at(self, tok: Token, depth: int = 2, allow_coref: bool = True) -> list[tuple[Actor, Anchor]]:
        """Actors a noun-phrase head stands for (looking into its modifiers, "X of Y")."""
        anchor = self.anchors.get(tok.i)
        if anchor is not None and (allow_coref or anchor.source != "coref"):
            return [(a, anchor) for a in anchor.actors]
        if depth <= 0 or tok.pos_ in VERBISH:
            return []
        for child in sorted(tok.children, key=lambda c: _DESCENT_ORDER.get(c.dep_, 9)):
            dep = child.dep_
            if dep in ("poss", "compound", "amod", "nmod", "nummod") or (dep == "appos" and child.pos_ == "PROPN"):
                # ... "the opposition newspaper La Prensa": the noun is the name beside it
                found = self.actors_at(child, depth - 1, allow_coref=False)
            elif dep == "prep" and (child.lower_ in ("of", "by", "from") or (
                    child.lower_ == "in" and tok.tag_ == "NNS" and tok.lemma_.lower() not in self.noun_triggers) or (
                    child.lower_ in ("in", "for") and tok.lemma_.lower() in PLACE_NOUNS)):
                # ... "a village in Western Cambodia", "a camp for Congolese refugees"
                # "members of the parliament", "opposition groups in Zimbabwe"
                found = []
                for g in child.children:
                    if g.dep_ == "pobj":
                        found = self.actors_at(g, depth - 1, allow_coref=False)
                        if found and tok.pos_ in ("NOUN", "PROPN"):
                            # "a member of the Syrian parliament": the sentence names the actor so
                            phrase = _phrase(tok, g)
                            if phrase:
                                found = [(a, replace(anc, texts={**anc.texts, a.id: phrase}))
                                         for a, anc in found]
                        break
            elif dep == "acl" and child.tag_ == "VBN" and any(c.dep_ == "agent" for c in child.children):
                # "crimes committed by Croat forces", "property seized by the army": the doer
                found = self.args([g for a in child.children if a.dep_ == "agent"
                                   for g in a.children if g.dep_ == "pobj"])
            elif dep == "acl" and child.lemma_.lower() in ROUTE_VERBS:
                # "the roads leading into Mordor", "power lines running to Kabul": where they go
                found = []
                for g in (g for p in child.children if p.dep_ == "prep" and p.lower_ in ROUTE_PREPS
                          for g in p.children if g.dep_ == "pobj"):
                    found = self.actors_at(g, depth - 1, allow_coref=False)
                    if found:
                        break
            else:
                continue
            if found:
                return found
        return []

    def args(self, toks) -> list[tuple[Actor, Anchor]]:
        """Actors of argument tokens and their conjuncts ("the US and Iran")."""
        out: list[tuple[Actor, Anchor]] = []
        seen: set[int] = set()
        for tok in toks:
            # "Mordor, the Shire, Fornost and Bree": a list the parser split into an apposition
            listed = [g for c in tok.rights if c.dep_ == "appos" and any(x.dep_ == "conj" for x in c.rights)
                      for g in (c, *c.conjuncts)] if tok.n_rights else []
            if tok.n_rights and any(c.dep_ == "conj" for c in tok.rights):
                # "Mordor, the awful Fornost, and Gondor": a list member parsed as an apposition
                listed += [c for c in tok.rights if c.dep_ == "appos" and c.pos_ in ("PROPN", "NOUN")]
            for t in (tok, *tok.conjuncts, *listed):
                if t.i in seen:
                    continue
                seen.add(t.i)
                for a, anc in self.actors_at(t):
                    if all(a.id != b.id for b, _ in out):
                        out.append((a, anc))
        return out

    # ------------------------------------------------------------ clause structure
    @staticmethod
    def is_passive(v: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") or (c.dep_ == "agent" and v.tag_ == "VBN")
                   for c in v.children)  # "a group backed by Iran"

    def subject_tokens(self, v: Token, depth: int = 0) -> tuple[list[Token], int]:
        """Subject tokens of verb ``v`` (the agent when passive), inherited if absent."""
        if self.is_passive(v) and v.lemma_.lower() in STATIVE_PASSIVES:
            subj = [c for c in v.children if c.dep_ == "nsubjpass"]  # "X were engaged in fighting"
        elif self.is_passive(v):
            subj = [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        else:
            subj = [c for c in v.children if c.dep_ in SUBJ_DEPS]
        if subj:
            s = subj[0]
            if s.lower_ in RELATIVE and v.dep_ in ("relcl", "acl"):
                return [v.head], depth + 1
            if s.lower_ in ("themselves", "itself") and depth < MAX_CLIMB:
                return self.subject_tokens(v.head, depth + 1)
            return subj, depth
        if depth >= MAX_CLIMB:
            return [], depth
        dep = v.dep_
        if dep == "pcomp" and v.head.dep_ == "prep" and v.head.head.lemma_.lower() in ACCUSING:
            # "Israel accused Iran of arming Hezbollah": the accused is the subject
            acc = v.head.head
            return [c for c in acc.children if c.dep_ in ("dobj", "nsubjpass")], depth + 1
        if dep == "xcomp" and self.is_passive(v.head) and not any(
                c.dep_ == "agent" for c in v.head.children):
            # raising: "Iran is believed to be arming the Houthis" -> Iran
            raised = [c for c in v.head.children if c.dep_ == "nsubjpass"]
            if raised and raised[0].lower_ in RELATIVE and v.head.dep_ == "relcl":
                return [v.head.head], depth + 2  # "Qatar, which is thought to back Hamas"
            if raised:
                return raised, depth + 1
        if dep in ("xcomp", "conj", "advcl", "ccomp", "oprd", "acomp") and v.head.i != v.i:
            return self.subject_tokens(v.head, depth + 1)
        if dep in ("relcl",):
            return [v.head], depth + 1
        infinitive = dep == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
        if (dep == "acl" and v.tag_ == "VBG") or infinitive:
            head = v.head
            if head.dep_ == "dobj" and head.head.pos_ in VERBISH and not self.actors_at(head):
                # "X issued a statement condemning Y", "X continued its effort to overthrow Y"
                return self.subject_tokens(head.head, depth + 1)
            if infinitive:
                return [], depth
            return [head], depth + 1
        return [], depth

    def governing_verb(self, n: Token) -> tuple[Token | None, int, bool]:
        """Climb from a noun to the verb whose argument it is; (verb, steps, direct object?)."""
        cur = n
        direct = False
        only_of = True  # "suspended part of the aid": an "of" chain keeps the object direct
        for step in range(1, MAX_CLIMB + 1):
            dep = cur.dep_
            if dep in ("dobj", "attr", "oprd", "dative"):
                direct = dep == "dobj" and (step == 1 or only_of)
                cur = cur.head
            elif dep == "pobj":
                if cur.head.lower_ in ADVERBIAL_PREPS:
                    return None, step, False  # "after two days of fighting" is no argument
                only_of = only_of and cur.head.lower_ == "of"
                cur = cur.head.head  # pobj -> prep -> its head
            elif dep == "conj":
                cur = cur.head
                continue
            elif dep == "appos":
                return None, step, False
            else:
                return None, step, False
            if cur.pos_ in VERBISH:
                return cur, step, direct
            if cur.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
                return None, step, False
        return None, MAX_CLIMB, False

    def chain(self, t: Token) -> list[Token]:
        """``t`` and the verbs governing it through clausal links (capped)."""
        out = [t]
        cur = t
        for _ in range(6):
            if cur.dep_ not in CHAIN_DEPS or cur.head.i == cur.i:
                break
            cur = cur.head
            out.append(cur)
        return out

    # ------------------------------------------------------------ modality
    def modality(self, t: Token, verb: Token | None) -> tuple[bool, bool, Actor | None, bool]:
        """(negated, hedged, attributed_to, overridden) for a trigger (and its governing verb)."""
        cue = self.cue
        negated = hedged = overridden = False
        attributed: Actor | None = None
        nodes = [t]
        if verb is not None and verb.i != t.i:
            nodes.extend(self.chain(verb))
        else:
            nodes = self.chain(t)
        # negation: on the trigger and on verbs linked by xcomp/ccomp (not across coordination)
        for k, node in enumerate(nodes):
            if node.pos_ in VERBISH and any(g.lower_ == "neither" for c in node.children
                                            if c.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                negated = True  # "Neither Iran nor Saudi Arabia backed ..."
            for c in node.children:
                if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in cue.negdet):
                    if k == 0 or nodes[k - 1].dep_ in ("xcomp", "ccomp", "dobj", "pobj", "attr") or \
                            node.i == (verb.i if verb is not None else -1):
                        negated = True
                if c.dep_ in ("advmod", "aux", "amod") and c.lemma_.lower() in cue.hedge:
                    hedged = True
                if k == 0 and c.dep_ == "nsubj" and any(g.dep_ == "amod" and g.lower_ in cue.hedge
                                                        for g in c.children):
                    hedged = True  # "a suspected Israeli strike hit ..."
                if c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
                    negated = True  # "no longer supplying"
            if k == 0:
                continue
            lemma = node.lemma_.lower()
            prev = nodes[k - 1]
            if node.pos_ == "NOUN" and lemma in cue.report and prev.dep_ in ("acl", "ccomp"):
                # "reports that X armed Y" is a claim; "rejected claims that ...", "no evidence that ..."
                hedged = True
                if any(c.lower_ in cue.negdet for c in node.children if c.dep_ in ("det", "neg")) or (
                        node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_.lower() in cue.neg | DENYING):
                    negated = True
                break
            if prev.dep_ == "prep" and lemma in ACCUSING and k >= 2 and nodes[k - 2].dep_ == "pcomp":
                hedged = True  # an allegation, attributed to the accuser
                speakers = [c for c in node.children if c.dep_ in SUBJ_DEPS]
                found = self.args(speakers[:1]) if speakers else []
                if found and attributed is None:
                    attributed = found[0][0]
            if prev.dep_ in ("ccomp", "xcomp"):
                if lemma in cue.neg:
                    negated = True
                if lemma in cue.hedge:
                    hedged = True
                if lemma in cue.attrib and attributed is None:
                    speakers = [c for c in node.children if c.dep_ in SUBJ_DEPS]
                    found = self.args(speakers[:1]) if speakers else []
                    if found:
                        attributed = found[0][0]
                    else:
                        hedged = True
                entries = self.lex.entries.get(("verb", lemma), ())
                if any("over" in e.flags for e in entries):
                    overridden = True
        # "according to X"
        sent_root = nodes[-1]
        for c in sent_root.children:
            if c.lower_ == "according":
                for g in c.subtree:
                    if g.dep_ == "pobj":
                        found = self.args([g])
                        if found and attributed is None:
                            attributed = found[0][0]
                        elif not found:
                            hedged = True
                        break
        return negated, hedged, attributed, overridden


def features(c: Candidate, n_words: int) -> list[str]:
    """The features the confidence model conditions on (besides the pattern).

    Examples
    --------
    >>> c = Candidate(Actor("a", "A", "State"), "attacks", Actor("b", "B", "Person"), "verb", 0, hedged=True)
    >>> features(c, 12)
    ['pred:attacks', 'kinds:Person|State', 'len:0', 'hedged']
    """
    out = [f"pred:{c.prop}", "kinds:" + "|".join(sorted((c.subject.kind, c.object.kind))),
           f"len:{min(n_words // 15, 3)}"]
    if c.hedged:
        out.append("hedged")
    if c.attributed_to is not None:
        out.append("attributed")
    if c.ner_only:
        out.append("ner_only")
    if c.coref:
        out.append("coref")
    if c.steps > 1:
        out.append("long_path")
    return out


#: What a state sends as aid ("sent weapons / food / advisers to X").
GOODS = {"aid", "weapon", "arm", "ammunition", "supply", "food", "medicine", "equipment", "money",
         "fund", "assistance", "adviser", "advisor", "expert", "doctor", "relief", "grain", "fuel",
         "vaccine", "missile", "tank", "drone", "jet", "aircraft", "helicopter"}
#: Verbs whose subject gets what a relation noun gives ("received aid from X").
RECEIVING = {"receive", "get", "obtain", "accept", "secure", "win"}
#: Verbs that deny a claim they govern ("rejected claims that ...").
DENYING = {"reject", "dismiss", "refute", "deny", "disprove"}
#: Verbs whose "of"-gerund states an allegation about their object ("accused Iran of arming X").
ACCUSING = {"accuse", "suspect", "charge", "blame"}
#: Verbs whose clausal complement is demanded, not stated ("demand that Russia withdraw").
DEMANDING = {"demand", "urge", "ask", "call", "press", "insist", "request", "order"}
#: Nouns whose that-clause is demanded ("the demand that Israel withdraw").
DEMAND_NOUNS = {"demand", "call", "request", "appeal", "ultimatum", "order", "insistence"}


def _obliged(v: Token) -> bool:
    """Whether the clause of ``v`` is an obligation: must / should, or the complement of a demand."""
    if v.dep_ in ("ccomp", "xcomp") and v.head.lemma_.lower() in DEMANDING and \
            any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return True
    if v.dep_ in ("ccomp", "acl") and v.head.pos_ == "NOUN" and v.head.lemma_.lower() in DEMAND_NOUNS:
        return True  # "its demand that Israel ease restrictions": asked for, not done
    if v.dep_ == "ccomp" and any(c.dep_ == "dobj" and c.lemma_.lower() in DEMAND_NOUNS for c in v.head.children):
        return True  # the same, with the clause parsed onto the verb ("reiterated its demand that ...")
    node = v
    for _ in range(3):  # "must be ready to mediate": up the xcomp / acomp chain
        auxes = {c.lower_ for c in node.children if c.dep_ == "aux"}
        if "must" in auxes or ("should" in auxes and "have" not in auxes):  # not "should have acted"
            return True
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            break
        node = node.head
    return False


#: Generic nouns a relation noun qualifies as a compound ("mediation mission", "aid program"):
#: the relation's arguments hang on them.
FRAME_NOUNS = {"mission", "effort", "initiative", "process", "program", "programme", "plan",
               "operation", "delivery", "shipment", "package", "conference", "bid", "team", "force",
               "measure"}
#: What a state withdraws to reduce relations (CAMEO 16x), unlike troops (a retreat, 08x).
RECALLED = {"ambassador", "envoy", "diplomat", "inspector", "peacekeeper", "peacekeeping", "observer",
            "monitor", "aid", "worker", "mission", "embassy", "staff", "personnel", "recognition"}
#: Nouns whose "of" object is the relation itself ("a state of siege in X").
OF_FRAMES = {"state", "imposition", "declaration"}
#: Longest phrase (tokens) kept as an actor's mention text.
MAX_PHRASE = 16


def _phrase(head: Token, pobj: Token) -> str | None:
    """ "members of the Syrian parliament": the noun phrase from ``head`` through its "of" object."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (doc[start].dep_ in ("det", "predet", "punct", "cc") or
                              doc[start].lower_ in ("the", "a", "an")):
        start += 1
    end = pobj.right_edge.i + 1
    if end - start > MAX_PHRASE or any(t.pos_ in VERBISH or t.dep_ == "cc" for t in doc[pobj.i:end]):
        end = pobj.i + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    if end - start > MAX_PHRASE:
        return None
    return doc[start:end].text.replace("_", " ")


def _prep_objects(heads, preps) -> list[Token]:
    """The objects of the prepositions ``preps`` that hang on any of ``heads``, in order."""
    return [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _said(actor: Actor, anchor: Anchor, doc: Doc) -> str | None:
    """How the sentence names ``actor`` (None for references: "it", "the two nations")."""
    return anchor.text_of(doc, actor.id)


def _pairs(subjects, objects, reciprocal_ok: bool):
    if objects:
        for s in subjects:
            for o in objects:
                yield s, o
    elif reciprocal_ok and len(subjects) >= 2:
        yield from combinations(subjects, 2)


class RelationExtractor:
    """The ``kg_relations`` component (see the module docstring)."""

    def __init__(self, nlp: Language | None = None, name: str = "kg_relations"):
        from kg.rdf.ontology import relation_properties

        register_extensions()
        self.name = name
        self.lex = lexicon()
        self.cue = cues()
        self.props = relation_properties()
        self.conf = confidence_model()
        self.symmetric = {"alliedWith", "cooperatesWith", "negotiatesWith", "meetsWith", "rivalOf",
                          "fights", "agreesWith", "conflictsWith"}
        # (pos class, lemma) lookups, built once
        self.verb_lemmas = {k[1] for k in self.lex.entries if k[0] == "verb"}
        self.noun_lemmas = frozenset(k[1] for k in self.lex.entries if k[0] == "noun")
        self.adj_lemmas = {k[1] for k in self.lex.entries if k[0] == "adj"}
        #: speech verbs whose "X must / should ..." complement is a demand
        self.demand_heads = self.cue.attrib | {"declare", "reiterate", "conclude", "warn", "stress"}
        self._hashes = None  # trigger lemma hashes (set on first doc, from its vocab)
        self._ccomp = 0

    # ------------------------------------------------------------ per trigger
    def _verb(self, ctx: _Ctx, t: Token, entries) -> list[Candidate]:
        out: list[Candidate] = []
        passive = ctx.is_passive(t)
        dep = t.dep_
        # prenominal participle: "Iranian-backed militias"
        if dep == "amod" and t.tag_ in ("VBN", "VBD"):
            subj = [c for c in t.children if c.dep_ in ("npadvmod", "compound", "nmod", "amod", "advmod")]
            subjects = ctx.args(subj)
            objects = ctx.actors_at(t.head)
            return self._emit(ctx, t, entries[0], subjects, objects, "participle", 1, None)
        subj_toks, steps = ctx.subject_tokens(t)
        pattern = "passive" if passive else ("verb" if steps == 0 else "inherited")
        if dep == "acl" and t.tag_ == "VBN":  # "militias backed by Iran"
            # "Hezbollah, a militant group backed by Iran": the named actor the description is of
            objects_default = [t.head.head] if t.head.dep_ == "appos" and \
                ctx.actors_at(t.head.head) else [t.head]
        else:
            objects_default = []
        for entry in entries:
            obj_toks: list = []
            if passive and entry.direct:
                obj_toks = [c for c in t.children if c.dep_ == "nsubjpass"] or objects_default
            elif entry.direct:
                obj_toks = [c for c in t.children if c.dep_ in ("dobj",)]
                # "kidnapped up to 16 advisers": a quantity parsed as particle + preposition
                obj_toks += [g for c in t.children if c.dep_ == "prt" and c.lower_ == "up"
                             for p in c.children if p.lower_ == "to" for g in p.children if g.dep_ == "pobj"]
                if not obj_toks:  # "cordoned off the roads": a particle parsed as a preposition
                    obj_toks = [g for c in t.children if c.dep_ == "prep" and c.lower_ in PARTICLES
                                and c.i == t.i + 1 for g in c.children if g.dep_ == "pobj"]
            if not ctx.args(obj_toks):  # no actor as direct object: "supplied weapons to Ukraine"
                obj_toks = []
                dobjs = [c for c in t.children if c.dep_ == "dobj"]
                for c in [*t.children, *(g for d in dobjs for g in d.children)]:
                    on_dobj = c.head.i != t.i
                    if c.dep_ == "prep" and (c.lower_ in entry.preps or
                                             ("dat" in entry.flags and c.lower_ == "to") or
                                             (on_dobj and entry.direct and
                                              c.lower_ in DOBJ_PREPS[self.props[entry.prop]])):
                        obj_toks.extend(g for g in c.children if g.dep_ == "pobj")
                    elif c.dep_ == "dative" and "dat" in entry.flags:
                        obj_toks.append(c if c.pos_ != "ADP" else next(
                            (g for g in c.children if g.dep_ == "pobj"), c))
            if not obj_toks and dep == "relcl" and subj_toks and subj_toks[0].i != t.head.i:
                obj_toks = [t.head]  # "the militias the US relies on"
            if not obj_toks and objects_default:
                obj_toks = objects_default
            pat = pattern
            if not ctx.args(obj_toks) and "ccobj" in entry.flags:
                # "demanded that the US cancel ...": the clause's subject is the object
                for x in t.children:
                    if x.dep_ == "ccomp":
                        obj_toks = [c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")]
                        if obj_toks:
                            pat = "ccobj"
                            break
            if not ctx.args(obj_toks) and "xobj" in entry.flags:
                obj_toks = []
                for x in t.children:
                    if x.dep_ == "xcomp" and not ("over" in entry.flags and self._hostile_act(x)):
                        # ("refused to cut ties with X" refuses a break, it does not oppose X)
                        for c in x.children:
                            if c.dep_ in ("dobj", "dative"):
                                obj_toks.append(c)
                                obj_toks.extend(g for p in c.children if p.dep_ == "prep"
                                                for g in p.children if g.dep_ == "pobj")
                            elif c.dep_ == "prep":
                                obj_toks.extend(g for g in c.children if g.dep_ == "pobj")
                if obj_toks:
                    pat = "xobj"
            objects = ctx.args(obj_toks)
            if not objects and "cond" in entry.flags:
                # "threatened to strike unless Israel withdrew": the condition's subject is the target
                heads = [t, *(x for x in t.children if x.dep_ == "xcomp")]
                conds = [c for h in heads for c in h.children if c.dep_ == "advcl" and
                         any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)]
                cond_subj = [g for c in conds for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                objects = ctx.args(cond_subj)
                if objects:
                    pat = "cond"
            if not objects and entry.direct and not passive:
                # "welcomed a resumption of ties between X and Y": the parties of a nested event
                nested = self._nested_parties(t)
                if nested:
                    obj_toks, pat = nested, "nested"
                    objects = ctx.args(obj_toks)
            if any(c.lower_ in ("other", "another") for c in obj_toks):
                objects = []
            if "goods" in entry.flags and not any(
                    g.lemma_.lower() in GOODS for d in t.children if d.dep_ == "dobj" for g in d.subtree):
                objects = []  # "sent troops to X" is no aid to X
            if not objects and "loc" in entry.flags and not passive:
                # "demonstrated in Ankara": the state / city where it happens is the target
                places = _prep_objects((t, *(d for d in t.children if d.dep_ == "dobj")),
                                       ("in", "outside", "at"))  # "banned voting in East Jerusalem"
                objects = [(a, anc) for a, anc in ctx.args(places) if a.kind == "State"]
                if objects:
                    pat = "place"
            subjects = ctx.args(subj_toks)
            if passive and not subjects and objects and self.props[entry.prop] == "conflict" and \
                    entry.prop in STATE_ACTS:
                # "a missionary was arrested in Lebanon": arrests in a state are that state's
                subjects = [(a, anc) for a, anc in ctx.args(_prep_objects([t], ("in",))) if a.kind == "State"]
                if subjects:
                    pat = "place"
            override = None
            if t.lemma_.lower() == "withdraw" and any(g.lemma_.lower() in RECALLED for d in t.children
                                                    if d.dep_ == "dobj" for g in d.subtree):
                override = "sanctions"  # recalling envoys or inspectors cuts ties; pulling troops out yields
            cands = self._emit(ctx, t, entry, subjects, objects, pat, steps, None, override)
            # control verbs: "the US and Iran want Baghdad to beat back ISIS"
            if dep in ("ccomp", "xcomp") and t.head.lemma_.lower() in self.lex.control and objects:
                ctl_subj, s2 = ctx.subject_tokens(t.head)
                ctl = ctx.args(ctl_subj)
                if ctl and {a.id for a, _ in ctl} != {a.id for a, _ in subjects}:
                    cands += self._emit(ctx, t, entry, ctl, objects, "control", s2 + 1, None)
            if cands:
                out.extend(cands)
                break  # first entry with a result wins (preps are ordered in the lexicon)
        return out

    def _hostile_act(self, v: Token) -> bool:
        """Whether verb ``v`` is a hostile act or the breaking of a tie ("attack", "cut", "condemn")."""
        lemma = v.lemma_.lower()
        return lemma in self.lex.reversers or lemma in conflict_lemmas("verb")

    def _nested_parties(self, t: Token) -> list:
        """Actors named by "between" / "with" inside the verb's object ("a resumption of ties between X and Y")."""
        frontier = [c for c in t.children if c.dep_ == "dobj"]
        for _ in range(3):
            nxt = []
            for tok in frontier:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("between", "with"):
                        found = [g for g in c.children if g.dep_ == "pobj"]
                        if found:
                            return found
                    if c.dep_ == "prep" and c.lower_ == "of":
                        nxt.extend(g for g in c.children if g.dep_ == "pobj")
            frontier = nxt
        return []

    def _noun(self, ctx: _Ctx, n: Token, entries) -> list[Candidate]:
        out: list[Candidate] = []
        anchor = ctx.anchors.get(n.i)
        # "the two traditional enemies": the noun itself refers to two actors
        if anchor is not None and anchor.source == "coref" and len(anchor.actors) >= 2:
            entry = entries[0]
            if "sym" in entry.flags:
                acts = [(a, anchor) for a in anchor.actors]
                return self._emit(ctx, n, entry, acts, [], "description", 0, None)
        if anchor is not None and anchor.source != "coref":
            return out  # a noun that names an actor is not a trigger
        frame = n
        if n.dep_ == "compound" and n.head.pos_ == "NOUN" and n.head.lemma_.lower() in FRAME_NOUNS:
            frame = n.head  # "a mediation mission between X and Y", "aid deliveries to X"
        elif n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in OF_FRAMES:
            frame = n.head.head  # "lifted a state of emergency in X": the state is the measure
        mods = []
        by = []
        for c in frame.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod"):
                mods.append(c)
                mods.extend(g for g in c.children if g.dep_ in ("npadvmod", "compound", "conj", "nmod", "amod"))
            elif c.dep_ == "prep" and c.lower_ == "by":
                by.extend(g for g in c.children if g.dep_ == "pobj")
        mod_actors: list[tuple[Actor, Anchor]] = []
        for m in mods:
            for a, anc in ctx.actors_at(m, depth=0):
                if all(a.id != b.id for b, _ in mod_actors):
                    mod_actors.append((a, anc))
        verb, steps, direct = ctx.governing_verb(frame)
        prop_override: str | None = None
        rev_tok = verb if verb is not None and direct else None
        if frame.dep_ == "pobj" and frame.head.lower_ == "of" and frame.head.head.lemma_.lower() in self.lex.reversers:
            rev_tok = frame.head.head  # "a suspension of air links with Serbia"
        if rev_tok is not None:
            rev = rev_tok.lemma_.lower()
            if rev in self.lex.reversers or rev in self.lex.reliefs:
                if self.props[entries[0].prop] == "conflict":
                    # "lifted the blockade", "ended the war": relief of a conflict
                    prop_override = self.lex.reliefs.get(rev)
                else:
                    prop_override = self.lex.reversers.get(rev)  # "cut ties", "halted aid"
                if prop_override is None:
                    return out
        for entry in entries:
            obj_toks = []
            between = False
            # "sanctions imposed on Iran": the preposition may hang on a participle of the noun
            holders = [frame, *(c for c in frame.children if c.dep_ == "acl" and c.tag_ == "VBN")]
            for c in (c for h in holders for c in h.children):
                if c.dep_ == "prep" and c.lower_ in entry.preps and c.lower_ != "in":
                    obj_toks.extend(g for g in c.children if g.dep_ == "pobj")
                    between = between or c.lower_ == "between"
            if "in" in entry.preps and not ctx.args(obj_toks):  # a place only when no party is named
                obj_toks = _prep_objects(holders, ("in",))
            if not obj_toks and verb is not None and (direct or verb.lemma_.lower() in STATIVE_PASSIVES):
                for c in verb.children:  # "signed an agreement with X" (prep on the verb)
                    if c.dep_ == "prep" and c.lower_ in entry.preps and c.lower_ != "of":
                        obj_toks.extend(g for g in c.children if g.dep_ == "pobj")
                        between = between or c.lower_ == "between"
            objects = ctx.args(obj_toks)
            if not objects and any(g.lemma_.lower() in TRADE_NOUNS for g in obj_toks):
                # "an embargo on arms sales to Vietnam": the trade's partner
                ends = [*obj_toks, frame, *([verb] if verb is not None else [])]
                objects = ctx.args(_prep_objects(ends, ("to", "with", "from")))
            if not objects and "ccobj" in entry.flags:
                # "its demand that Israel ease restrictions": the that-clause's subject is the object
                clauses = [c for c in frame.children if c.dep_ in ("acl", "ccomp")]
                if verb is not None and direct:
                    clauses += [c for c in verb.children if c.dep_ == "ccomp"]
                for x in clauses:
                    if any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children):
                        obj_toks = [c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")]
                        objects = ctx.args(obj_toks)
                        if objects:
                            break
            if between and "med" in entry.flags:
                between = False  # "mediation between X and Y": the mediator relates to both
            if between:
                cands = self._emit(ctx, n, entry, objects, [], "noun", 0, verb, prop_override)
                if cands:
                    out.extend(cands)
                    break
                continue
            subjects = ctx.args(by) if by else []
            pattern = "noun"
            if verb is not None and verb.lemma_.lower() in RECEIVING and self.props[entry.prop] == "cooperation":
                # "Cuba received aid from the Soviet Union": the giver is the "from" actor
                givers = ctx.args(_prep_objects((frame, verb), ("from",)))
                if givers:
                    subj_toks, s2 = ctx.subject_tokens(verb)
                    cands = self._emit(ctx, n, entry, givers, ctx.args(subj_toks), "noun-climb",
                                       steps + s2, verb, prop_override)
                    if cands:
                        out.extend(cands)
                        break
            if not subjects and mod_actors:
                if objects:
                    subjects = mod_actors
                elif len(mod_actors) >= 2 and "sym" in entry.flags and "nopair" not in entry.flags:
                    cands = self._emit(ctx, n, entry, mod_actors, [], "noun-pair", 0, verb, prop_override)
                    if cands:
                        out.extend(cands)
                        break
                    continue
                elif entry.direct or not entry.preps - {"-"}:
                    subjects = mod_actors
            if not subjects and verb is not None:
                if verb.lemma_.lower() in DEMANDING and self.props[entry.prop] == "cooperation":
                    continue  # "demanded a truce with X" asks for one; "called for sanctions on X" is hostile
                subj_toks, s2 = ctx.subject_tokens(verb)
                subjects = ctx.args(subj_toks)
                pattern = "noun-climb"
                steps = steps + s2
            if not objects and not subjects:
                continue
            if pattern == "noun-climb" and not objects and "sym" not in entry.flags:
                continue
            cands = self._emit(ctx, n, entry, subjects, objects, pattern,
                               steps if pattern == "noun-climb" else 0, verb, prop_override)
            if cands:
                out.extend(cands)
                break
        return out

    def _must(self, ctx: _Ctx, v: Token) -> list[Candidate]:
        """ "Russia said Sudan must return the helicopter": the speaker demands of the clause's subject."""
        speakers, steps = ctx.subject_tokens(v.head)
        targets = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        entry = LexEntry("verb", "must", frozenset({"-"}), "demands", frozenset())
        subjects, objects = ctx.args(speakers), ctx.args(targets)
        return self._emit(ctx, v, entry, subjects, objects, "must", steps, None)

    def _adj(self, ctx: _Ctx, a: Token, entries) -> list[Candidate]:
        entry = entries[0]
        obj_toks = _prep_objects([a], entry.preps)
        if a.dep_ == "amod":
            subjects = ctx.actors_at(a.head)
            steps = 1
        else:
            head = a.head if a.head.pos_ in VERBISH else None
            if head is None:
                return []
            subj_toks, steps = ctx.subject_tokens(head)
            subjects = ctx.args(subj_toks)
        return self._emit(ctx, a, entry, subjects, ctx.args(obj_toks), "verb" if steps == 0 else "inherited",
                          steps, a.head if a.head.pos_ in VERBISH else None)

    def _stative(self, ctx: _Ctx, v: Token, entries) -> list[Candidate]:
        """ "Israel is opposed to French mediation": a participle parsed as a passive verb is the adjective."""
        entry = entries[0]
        subj_toks, steps = ctx.subject_tokens(v.head) if v.dep_ == "acomp" else \
            ([c for c in v.children if c.dep_ == "nsubjpass"], 0)
        return self._emit(ctx, v, entry, ctx.args(subj_toks), ctx.args(_prep_objects([v], entry.preps)),
                          "verb" if steps == 0 else "inherited", steps, None)

    # ------------------------------------------------------------ building candidates
    def _emit(self, ctx: _Ctx, t: Token, entry: LexEntry, subjects, objects, pattern: str,
              steps: int, verb: Token | None, prop_override: str | None = None) -> list[Candidate]:
        prop = prop_override or entry.prop
        reciprocal_ok = "sym" in entry.flags or prop in self.symmetric
        if not objects and len(subjects) >= 2 and reciprocal_ok and pattern not in ("description", "noun-pair"):
            pattern = "reciprocal"
        if objects:
            # the object's own coreferent possessive pointing back at the subject is no object
            subj_ids = {a.id for a, _ in subjects}
            objects = [(a, anc) for a, anc in objects if not (anc.source == "coref" and a.id in subj_ids)]
        pairs = list(_pairs(subjects, objects, reciprocal_ok))
        if not pairs:
            return []
        negated, hedged, attributed, overridden = ctx.modality(t, verb)
        if overridden:
            return []
        if pattern != "must" and _obliged(t if verb is None else verb):
            return []  # "X and Y must reach an agreement" states a demand, not an agreement
        out = []
        for (s, sa), (o, oa) in pairs:
            if s.id == o.id or s.part_of == o.id or o.part_of == s.id or \
                    o.id == f"{s.id}-people" or s.id == f"{o.id}-people":
                continue  # no relation of an actor with itself, its own organ or its own people
            out.append(Candidate(
                subject=s, prop=prop, object=o, pattern=pattern, trigger=t.i,
                negated=negated, hedged=hedged, attributed_to=attributed, steps=steps,
                ner_only=sa.ner_only or oa.ner_only,
                coref=sa.source == "coref" or oa.source == "coref",
                subject_text=_said(s, sa, t.doc), object_text=_said(o, oa, t.doc)))
        return out

    def confidence(self, c: Candidate, n_words: int = 20) -> float:
        """Base rate of the pattern times the factors of the candidate's features.

        Both are measured on the development sets (``kg eval --write-rates``): the base
        rate is the pattern's smoothed precision, a factor is the smoothed precision of
        mentions with that feature divided by the overall precision.
        """
        conf = self.conf
        p = conf["base"].get(c.pattern, conf["default"])
        factors = conf.get("factors", {})
        for f in features(c, n_words):
            p *= factors.get(f, 1.0)
        return max(0.05, min(0.97, p))

    # ------------------------------------------------------------ component
    def _trigger_positions(self, doc: Doc) -> list[int]:
        """Indices of tokens that may trigger a relation, found from one attribute array (cheap)."""
        from spacy.attrs import DEP, LEMMA, LOWER

        if self._hashes is None:
            strings = doc.vocab.strings
            words = self.verb_lemmas | self.noun_lemmas | self.adj_lemmas
            self._hashes = frozenset(strings.add(w) for w in words)
            self._ccomp = strings.add("ccomp")
        hashes, ccomp = self._hashes, self._ccomp
        return [i for i, (lemma, lower, dep) in enumerate(doc.to_array([LEMMA, LOWER, DEP]).tolist())
                if lemma in hashes or lower in hashes or dep == ccomp]

    def candidates(self, doc: Doc) -> list[Candidate]:
        """All relation candidates of a doc (deduplicated, no self-relations)."""
        from kg.nlp.actors import anchors_of

        anchors = anchors_of(doc)
        if anchors is None:
            raise ValueError("kg_relations needs the kg_actors component before it in the pipeline")
        if len(anchors) < 1:
            return []
        ctx = _Ctx(doc, anchors, self.lex, self.cue, self.noun_lemmas)
        entries = self.lex.entries
        verbs, nouns, adjs = self.verb_lemmas, self.noun_lemmas, self.adj_lemmas
        out: list[Candidate] = []
        for i in self._trigger_positions(doc):
            tok = doc[i]
            pos = tok.pos_
            if pos == "VERB":
                lemma = tok.lemma_.lower()
                if tok.lower_ in adjs and tok.tag_ == "VBN" and (tok.dep_ == "acomp" or ctx.is_passive(tok)) \
                        and not any(c.dep_ == "agent" for c in tok.children):
                    out.extend(self._stative(ctx, tok, entries[("adj", tok.lower_)]))
                elif lemma in verbs:
                    out.extend(self._verb(ctx, tok, entries[("verb", lemma)]))
                elif lemma in nouns and tok.dep_ in ("pobj", "dobj", "nsubj"):  # mis-tagged noun
                    out.extend(self._noun(ctx, tok, entries[("noun", lemma)]))
            elif pos in ("NOUN", "PROPN"):
                lemma = tok.lemma_.lower()
                if lemma in nouns:
                    out.extend(self._noun(ctx, tok, entries[("noun", lemma)]))
                elif tok.lower_ in nouns:
                    out.extend(self._noun(ctx, tok, entries[("noun", tok.lower_)]))
            elif pos == "ADJ":
                lemma = tok.lemma_.lower()
                if lemma in adjs:
                    out.extend(self._adj(ctx, tok, entries[("adj", lemma)]))
                elif lemma in verbs and tok.dep_ == "amod":
                    out.extend(self._verb(ctx, tok, entries[("verb", lemma)]))
            if tok.dep_ == "ccomp" and pos in VERBISH and tok.head.lemma_.lower() in self.demand_heads and \
                    any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children):
                out.extend(self._must(ctx, tok))
        # a place stands in for the target only when the sentence names no other one
        if any(c.pattern == "place" for c in out):
            others = {(c.subject.id, doc[c.trigger].sent.start) for c in out if c.pattern != "place"}
            out = [c for c in out if c.pattern != "place" or
                   (c.subject.id, doc[c.trigger].sent.start) not in others]
        # dedupe (subject, predicate, object, sentence, negated); symmetric: either order
        seen: dict[tuple, int] = {}
        result: list[Candidate] = []
        for c in out:
            sent = doc[c.trigger].sent.start
            a, b = c.subject.id, c.object.id
            if c.prop in self.symmetric and b < a:
                a, b = b, a
            key = (a, c.prop, b, sent, c.negated)
            if key in seen:
                continue
            seen[key] = len(result)
            result.append(c)
        return result

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[RelationMention] = []
        patterns: list[str] = []
        feats: list[list[str]] = []
        lengths: dict[int, int] = {}
        for c in self.candidates(doc):
            sent = doc[c.trigger].sent
            n_words = lengths.get(sent.start)
            if n_words is None:
                n_words = lengths[sent.start] = sum(1 for t in sent if not t.is_punct and not t.is_space)
            mentions.append(RelationMention(
                doc_id="", subject=c.subject, predicate=c.prop, object=c.object,
                polarity=self.props[c.prop], negated=c.negated, hedged=c.hedged,
                attributed_to=c.attributed_to, confidence=self.confidence(c, n_words),
                sentence=sent.text, char_start=sent.start_char, char_end=sent.end_char,
                subject_text=c.subject_text, object_text=c.object_text))
            patterns.append(c.pattern)
            feats.append([c.pattern, *features(c, n_words)])
        doc._.relations = mentions
        doc._.relation_patterns = patterns
        doc._.relation_features = feats
        return doc
