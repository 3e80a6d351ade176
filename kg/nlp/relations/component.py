"""The ``kg_relations`` spaCy component: triggers -> frames -> candidates -> mentions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from kg.errors import InputError
from kg.nlp.relations.adjectives import adjective_candidates, prefix_candidates, stative_candidates
from kg.nlp.relations.arguments import VERBISH, Ctx, children
from kg.nlp.relations.candidates import Candidate
from kg.nlp.relations.confidence import confidence, features
from kg.nlp.relations.constructions import Constructions, construction_candidates
from kg.nlp.relations.frames import Frames, compile_frames, load_frames
from kg.nlp.relations.nouns import noun_candidates
from kg.nlp.relations.records import ATTR, register_extensions, relation_record
from kg.nlp.relations.syntax import is_passive
from kg.nlp.relations.verbs import must_candidates, verb_candidates

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token


#: The files a saved pipeline's component directory holds (each only if the component uses one).
LEXICON_FILE, USER_LEXICON_FILE, CONFIDENCE_FILE = "lexicon.tsv", "user_lexicon.tsv", "confidence.json"


class RelationExtractor:
    """The ``kg_relations`` component (see :mod:`kg.nlp.relations`).

    ``lexicon`` is a lexicon file in the format of ``kg/nlp/data/lexicon.tsv`` (None: the
    shipped one); ``user_lexicon`` a user's file in the same format laid over it
    (:mod:`kg.nlp.relations.user_lexicon`); ``confidence`` a confidence model written by
    ``kg eval --write-rates``. ``nlp.to_disk`` saves the files in use with the pipeline.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        name: str = "kg_relations",
        confidence: str | None = None,
        lexicon: str | None = None,
        user_lexicon: str | None = None,
    ):
        from kg.nlp.tables import confidence_model

        register_extensions()
        self.name = name
        self.vocab = nlp.vocab if nlp is not None else None
        self.confidence_path = Path(confidence) if confidence else None
        self.lexicon_path = Path(lexicon) if lexicon else None
        self.user_lexicon_path = Path(user_lexicon) if user_lexicon else None
        self.conf = confidence_model()
        self.frames: Frames = load_frames()
        self._loaded = True
        # a saved pipeline's files come with from_disk: until then the configured paths may be gone
        files = [p for p in (self.confidence_path, self.lexicon_path, self.user_lexicon_path) if p is not None]
        if files:
            self._loaded = False
            if all(p.is_file() for p in files):
                self._load_files()
        self._constructions = Constructions(nlp.vocab, self.frames) if nlp is not None and self._loaded else None
        self._hashes: frozenset[int] | None = None  # trigger hashes (set on the first doc, from its vocab)
        self._ccomp = 0

    def _load_files(self) -> None:
        """Read the configured files: confidence model, lexicon files (a missing or bad one
        raises ``InputError`` naming it)."""
        from kg.nlp.relations.user_lexicon import load_lexicon
        from kg.nlp.tables import read_confidence_model

        if self.confidence_path is not None:
            self.conf = read_confidence_model(self.confidence_path)
        frames = self.frames
        if self.lexicon_path is not None or self.user_lexicon_path is not None:
            frames = compile_frames(load_lexicon(self.lexicon_path, self.user_lexicon_path))
        try:
            constructions = Constructions(self.vocab, frames) if self.vocab is not None else None
        except ValueError as err:  # a construction names a trigger the lexicon file dropped
            raise InputError(f"{self.lexicon_path or self.user_lexicon_path}: {err}") from None
        self.frames, self._constructions = frames, constructions
        self._hashes = None
        self._loaded = True

    def use_lexicon_file(self, path: str | Path) -> None:
        """Lay a user's lexicon file over the lexicon now; a bad file raises
        :class:`~kg.errors.InputError` here, naming the file and the line (what a CLI flag calls)."""
        self.user_lexicon_path = Path(path)
        self._load_files()

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path, *, exclude=()) -> None:
        """Save the lexicon files and the confidence model in use (if not the shipped ones)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, used in (
            (LEXICON_FILE, self.lexicon_path),
            (USER_LEXICON_FILE, self.user_lexicon_path),
            (CONFIDENCE_FILE, self.confidence_path),
        ):
            if used is not None and used.is_file():
                (path / name).write_bytes(used.read_bytes())

    def from_disk(self, path, *, exclude=()) -> RelationExtractor:
        """Load the files :meth:`to_disk` saved."""
        path = Path(path)
        if (path / CONFIDENCE_FILE).is_file():
            self.confidence_path = path / CONFIDENCE_FILE
        if (path / LEXICON_FILE).is_file():
            self.lexicon_path = path / LEXICON_FILE
        if (path / USER_LEXICON_FILE).is_file():
            self.user_lexicon_path = path / USER_LEXICON_FILE
        if any(p is not None for p in (self.confidence_path, self.lexicon_path, self.user_lexicon_path)):
            self._load_files()
        return self

    # ------------------------------------------------------------ triggers
    def _scan(self, doc: Doc, sentence: list[int], two: set[int]) -> tuple[list[int], list[set[int]], dict[int, int]]:
        """Indices of tokens that may trigger a relation, the word hashes of each sentence and its
        number of words (neither punctuation nor space), from one array (cheap): of the sentences
        that name two actors (``two``, by start), as nothing else is read (only their rows of the
        array become Python values, once: that costs more than the array)."""
        from spacy.attrs import DEP, IS_PUNCT, IS_SPACE, LEMMA, LOWER

        if self._hashes is None:
            strings = doc.vocab.strings
            f = self.frames
            self._hashes = frozenset(strings.add(w) for w in f.verbs | f.nouns | f.adjs | f.phrasal_heads)
            self._ccomp = strings.add("ccomp")
        hashes, ccomp = self._hashes, self._ccomp
        array = doc.to_array([LEMMA, LOWER, DEP, IS_PUNCT, IS_SPACE])
        starts = sorted(set(sentence))  # sentences are contiguous: each ends where the next starts
        end_of = dict(zip(starts, [*starts[1:], len(sentence)]))
        positions: list[int] = []
        words: list[set[int]] = []
        counts: dict[int, int] = {}
        for start in sorted(two):
            rows = cast(list[list[int]], array[start : end_of[start]].tolist())
            words.append({row[0] for row in rows} | {row[1] for row in rows})
            positions += [
                start + k
                for k, (lemma, lower, dep, _, _) in enumerate(rows)
                if lemma in hashes or lower in hashes or dep == ccomp
            ]
            counts[start] = sum(1 for row in rows if not (row[3] or row[4]))
        return positions, words, counts

    def candidates(self, doc: Doc, sentence: list[int] | None = None) -> list[Candidate]:
        """All relation candidates of a doc (deduplicated, no self-relations).

        ``sentence``: the start of each token's sentence, if already known."""
        return self._candidates(doc, sentence)[0]

    def _candidates(self, doc: Doc, sentence: list[int] | None = None) -> tuple[list[Candidate], dict[int, int]]:
        """The candidates, and the number of words of the sentences read (by start)."""
        from kg.nlp.actors import anchors_of

        anchors = anchors_of(doc)
        if anchors is None:
            raise ValueError("kg_relations needs the kg_actors component before it in the pipeline")
        if len(doc) and not doc.has_annotation("DEP"):
            raise ValueError(
                "kg_relations needs a dependency parse: this doc has none (is the parser "
                "disabled or after kg_relations in the pipeline?)"
            )
        if not self._loaded:
            self._load_files()  # the configured files: a clear error if missing
        if len(anchors) < 1:
            return [], {}
        ctx = Ctx(doc, anchors, self.frames)
        sentence = sentence if sentence is not None else _sentence_starts(doc)[0]
        if self._constructions is None:
            self._constructions = Constructions(doc.vocab, self.frames)
        two = _sentences_with_two_actors(anchors, sentence)
        if not two:
            return [], {}
        positions, words, counts = self._scan(doc, sentence, two)
        built, handled = construction_candidates(ctx, self._constructions.matches(doc, words, ctx))
        out: list[Candidate] = []
        for i in positions:
            if i not in handled:
                out.extend(_at(ctx, doc[i]))
        found = _drop_places(out + built, sentence)
        return _dedupe(ctx, _drop_contradicted(ctx, found, sentence), sentence), counts

    def __call__(self, doc: Doc) -> Doc:
        records: list[dict] = []
        sentence, spans = _sentence_starts(doc)
        sents: dict[int, tuple] = {}
        actors: dict[str, dict] = {}
        found, counts = self._candidates(doc, sentence)
        for c in found:
            text, start_char, end_char, n_words = _sentence(spans[sentence[c.trigger]], sents, counts)
            subject_text, object_text = c.texts(doc)
            feats = features(c, n_words)
            fields = {  # the mention's fields, in order: its record is made without making it
                "doc_id": "",
                "subject": c.subject,
                "predicate": c.prop,
                "object": c.object,
                "polarity": self.frames.polarity[c.prop],
                "negated": c.negated,
                "hedged": c.hedged,
                "attributed_to": c.attributed_to,
                "confidence": confidence(self.conf, c, n_words, feats),
                "sentence": text,
                "char_start": start_char,
                "char_end": end_char,
                "subject_text": subject_text,
                "object_text": object_text,
            }
            records.append(relation_record(fields, [c.pattern, *feats], actors))
        setattr(doc._, ATTR, records)
        return doc


def _sentences_with_two_actors(anchors: dict, sentence: list[int]) -> set[int]:
    """Starts of the sentences whose anchors name two actors or more: a relation needs both of
    its parties in its own sentence, so the others are not read at all (cheap)."""
    ids: dict[int, set[str]] = {}
    for i, anchor in anchors.items():
        ids.setdefault(sentence[i], set()).update(a.id for a in anchor.actors)
    return {start for start, found in ids.items() if len(found) > 1}


def _sentence(sent, cache: dict[int, tuple], counts: dict[int, int]) -> tuple:
    """(text, start_char, end_char, number of words) of a sentence, cached per sentence (only the
    sentences that hold a relation are joined: ``Doc.text`` visits every token; the words counted
    by the scan)."""
    hit = cache.get(sent.start)
    if hit is None:
        start, end = sent.start_char, sent.end_char
        n_words = counts.get(sent.start)
        if n_words is None:  # a sentence the scan did not read
            n_words = sum(1 for t in sent if not (t.is_punct or t.is_space))
        hit = cache[sent.start] = (sent.text, start, end, n_words)
    return hit


def _sentence_starts(doc: Doc) -> tuple[list[int], dict]:
    """The start of each token's sentence, and the sentences by start (one pass: ``token.sent``
    walks the doc each time)."""
    starts = [0] * len(doc)
    spans = {}
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
        spans[sent.start] = sent
    return starts, spans


# ------------------------------------------------------------ dispatch by part of speech
def _at(ctx: Ctx, tok: Token) -> list[Candidate]:
    """Candidates of the frames a token triggers (by its part of speech), and a speaker's "must"."""
    if tok.lower_ in ctx.frames.prefixes:  # "anti-Russian", whatever the tagger made of "anti"
        return prefix_candidates(ctx, tok, ctx.frames.entries("adj", tok.lower_)[0])
    handler = _BY_POS.get(tok.pos_)
    out = handler(ctx, tok) if handler is not None else []
    if (
        tok.dep_ == "ccomp"
        and tok.pos_ in VERBISH
        and tok.head.lemma_.lower() in ctx.frames.demand_heads
        and any(
            c.dep_ == "aux" and c.lower_ in ctx.frames.w("obligation") | ctx.frames.w("weak_obligation")
            for c in children(ctx, tok)
        )
    ):
        out = out + must_candidates(ctx, tok)
    return out


def _verb_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f, lemma = ctx.frames, tok.lemma_.lower()
    if (
        tok.lower_ in f.adjs
        and tok.tag_ == "VBN"
        and (tok.dep_ == "acomp" or is_passive(ctx, tok))
        and not any(c.dep_ == "agent" for c in children(ctx, tok))
    ):
        return stative_candidates(ctx, tok, f.entries("adj", tok.lower_))
    phrasal = f.phrasal(tok)
    if phrasal is not None:  # "pushed back X": the two-word verb's frames, not the plain verb's
        return verb_candidates(ctx, tok, f.entries("verb", phrasal))
    if lemma in f.verbs:
        return verb_candidates(ctx, tok, f.entries("verb", lemma))
    if lemma in f.nouns and tok.dep_ in ("pobj", "dobj", "nsubj"):  # a noun tagged as a verb
        return noun_candidates(ctx, tok, f.entries("noun", lemma))
    return []


def _noun_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f = ctx.frames
    for key in (tok.lemma_.lower(), tok.lower_):
        if key in f.nouns:
            return noun_candidates(ctx, tok, f.entries("noun", key))
    return []


def _adjective_at(ctx: Ctx, tok: Token) -> list[Candidate]:
    f, lemma = ctx.frames, tok.lemma_.lower()
    if lemma in f.adjs:
        return adjective_candidates(ctx, tok, f.entries("adj", lemma))
    if lemma in f.verbs and tok.dep_ == "amod":  # "Iranian-backed militias" tagged as an adjective
        return verb_candidates(ctx, tok, f.entries("verb", lemma))
    return []


_BY_POS = {"VERB": _verb_at, "NOUN": _noun_at, "PROPN": _noun_at, "ADJ": _adjective_at}


# ------------------------------------------------------------ whole-doc filters
def _drop_places(out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """A place stands in for the target only when the sentence names no other relation of the subject."""
    if not any(c.pattern == "place" for c in out):
        return out
    others = {(c.subject.id, sentence[c.trigger]) for c in out if c.pattern != "place"}
    return [c for c in out if c.pattern != "place" or (c.subject.id, sentence[c.trigger]) not in others]


def _drop_contradicted(ctx: Ctx, out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """A pair read off a list ("a conflict between Georgia, Russia and the Russian-backed
    republics") is not in conflict when the same sentence says one backs the other."""
    polarity = ctx.frames.polarity
    backed = {
        (sentence[c.trigger], frozenset((c.subject.id, c.object.id)))
        for c in out
        if polarity[c.prop] == "cooperation" and c.prop not in ctx.frames.symmetric and not c.negated
    }
    return [
        c
        for c in out
        if not (
            c.pattern == "reciprocal"
            and polarity[c.prop] == "conflict"
            and (sentence[c.trigger], frozenset((c.subject.id, c.object.id))) in backed
        )
    ]


def _dedupe(ctx: Ctx, out: list[Candidate], sentence: list[int]) -> list[Candidate]:
    """One candidate per (subject, property, object, sentence, negated); symmetric ones in either order."""
    seen: set[tuple] = set()
    result: list[Candidate] = []
    for c in out:
        a, b = c.subject.id, c.object.id
        if c.prop in ctx.frames.symmetric and b < a:
            a, b = b, a
        key = (a, c.prop, b, sentence[c.trigger], c.negated)
        if key not in seen:
            seen.add(key)
            result.append(c)
    return result
