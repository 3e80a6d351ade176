"""The embedded store's writes: a group of documents -> one update of concrete quads (no pattern to evaluate).

``tally-insert.ru`` recounts every touched tally from its assertions with a
join per assertion; on the build benchmark that was most of a document's
write time (DESIGN.md, "Build and scale"). Here the writer knows what it is
writing, so it computes the change in Python and sends only data:

* new document graphs: their triples (``kg.rdf.write.document_parts``);
* replaced or removed graphs: ``DROP``, their old assertions read once;
* tallies (:mod:`kg.store.tallies`, the Python form): a tally that only
  gains rows is its stored state plus the new rows; one that loses rows is
  recounted from the rows the store still holds plus the new ones;
* actor descriptions: written only where they differ from the stored one;
  those no document mentions any more are deleted;
* the rest of tally layout 2 (:mod:`kg.store.tallies`): the roll-up map rows
  and links a :class:`~kg.store.rollup.RollupPlan` gives per document, the
  roll-up tallies (the same fields, in their own graph), the band nodes'
  ``kg:talliesAbove`` (moved by each tally's old and new band) and each
  written document's ``kg:tripleCount``.

The result, :class:`Changes`, is one SPARQL Update of ``DROP`` / ``DELETE
DATA`` / ``INSERT DATA`` (pyoxigraph 0.5 has no transaction spanning removals
and additions other than an update; ``Store.extend`` only adds), so a group
of documents is one transaction (or a few in order, where one document's roll-up plan
depends on another's): each document whole or absent. The state it
starts from is read through a :class:`StoreReader` (the embedded store reads
its indexes directly; the group's writer is the only writer of that store).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, cast

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import DocumentError
from kg.model import Actor, Document, RelationMention
from kg.rdf.iris import mint
from kg.rdf.namespace import KG
from kg.rdf.write import actor_triples
from kg.store import tallies
from kg.store.rollup import RollupPlan
from kg.store.tallies import Counted, TallyState
from kg.store.terms import NTriplesTerms, nt_term

Triple = tuple[Node, Node, Node]

#: Properties that name the actors a document graph mentions (``actors-of.rq``).
MENTIONING = (KG.subject, KG.object, KG.attributedTo)


class StoreReader(tallies.AssertionReader, Protocol):
    """The stored state a group's change is computed from."""

    def has_graph(self, graph: URIRef) -> bool:
        """Whether a document graph is stored."""
        ...

    def graph_counted(self, graph: URIRef) -> dict[URIRef, list[Counted]]:
        """Per tally, the rows of the assertions stored in one graph."""
        ...

    def graph_actors(self, graph: URIRef) -> set[URIRef]:
        """The actors a stored graph mentions (subject, object or source of an assertion)."""
        ...

    def tally(self, tally: URIRef) -> list[tuple[Node, Node]]:
        """A stored tally's ``(property, object)`` pairs (empty if it is not stored)."""
        ...

    def tally_rows(self, tally: URIRef) -> list[tuple[URIRef, Counted]]:
        """``(graph, row)`` of every stored assertion that points at a tally."""
        ...

    def description(self, actor: URIRef, graph: URIRef) -> set[tuple[Node, Node]]:
        """An actor's stored ``(property, object)`` pairs in the actors graph."""
        ...

    def mentioned_outside(self, actor: URIRef, graphs: set[URIRef]) -> bool:
        """Whether a stored graph other than ``graphs`` mentions the actor."""
        ...

    def objects(self, subject: URIRef, prop: URIRef, graph: URIRef) -> list[Node]:
        """The stored objects of one subject and property in one graph."""
        ...


@dataclass
class Known:
    """What this process wrote or read last (the embedded store has one writer): tally states, the
    actor each description was made from, and each actor's stored parent and root, so a hub's tally
    or a common actor is not read back for every group. Kept across this process's own writes;
    bounded; forgotten whole after any other update or a failed one."""

    tallies: dict[URIRef, TallyState | None] = field(default_factory=dict)
    actors: dict[URIRef, Actor] = field(default_factory=dict)
    roots: dict[URIRef, tuple[URIRef | None, URIRef]] = field(default_factory=dict)  # actor -> (parent, root)
    limit: int = 50_000

    def remember(self, change: Changes, changed: Iterable[URIRef] = ()) -> None:
        """Record a committed change's tallies and descriptions; ``changed``: actors whose description
        or root it changed (their stored parent and root are read again when next needed)."""
        if len(self.tallies) + len(change.tallies) > self.limit:
            self.tallies.clear()
        if len(self.actors) + len(change.actors) > self.limit:
            self.actors.clear()
        self.tallies.update(change.tallies)
        for actor, made_from in change.actors.items():
            if made_from is None:
                self.actors.pop(actor, None)
                self.roots.pop(actor, None)
            else:
                self.actors[actor] = made_from
        for actor in changed:
            self.roots.pop(actor, None)

    def remember_roots(self, roots: Mapping[URIRef, tuple[URIRef | None, URIRef]]) -> None:
        """Record actors read as stored with this parent and root."""
        if len(self.roots) + len(roots) > self.limit:
            self.roots.clear()
        self.roots.update(roots)

    def forget(self) -> None:
        """Drop everything (the store was changed some other way, or a write failed)."""
        self.tallies.clear()
        self.actors.clear()
        self.roots.clear()


@dataclass
class Changes:
    """What one transaction does: graphs dropped, quads deleted, quads inserted (by graph).

    ``tallies`` / ``actors`` are the states it leaves (for :class:`Known`).
    """

    drop: list[URIRef] = field(default_factory=list)
    delete: dict[URIRef, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    insert: dict[URIRef, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[URIRef, str] = field(default_factory=dict)
    tallies: dict[URIRef, TallyState | None] = field(default_factory=dict)
    actors: dict[URIRef, Actor | None] = field(default_factory=dict)

    def operations(self) -> list[str]:
        """The SPARQL Update operations, in order (DROP, DELETE DATA, INSERT DATA)."""
        nt = TermText()
        ops = [f"DROP SILENT GRAPH {nt(g)}" for g in self.drop]
        for keyword, quads, texts in (("DELETE DATA", self.delete, {}), ("INSERT DATA", self.insert, self.documents)):
            blocks = [f"GRAPH {nt(g)} {{\n{text}\n}}" for g, text in texts.items()]
            blocks += [
                f"GRAPH {nt(g)} {{\n" + "\n".join(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in triples) + "\n}"
                for g, triples in quads.items()
                if triples
            ]
            if blocks:
                ops.append(f"{keyword} {{\n" + "\n".join(blocks) + "\n}")
        return ops


class TermText:
    """:func:`nt_term` with the text of each term kept: a group repeats a few hundred IRIs thousands of
    times, and the same few hundred counts and flags."""

    def __init__(self) -> None:
        self.iris: dict[URIRef, str] = {}
        self.literals: dict[tuple, str] = {}

    def __call__(self, term: Node) -> str:
        kind = type(term)
        if kind is URIRef:  # exact type checks: isinstance costs more here, and mypy needs the casts
            iri = cast(URIRef, term)
            text = self.iris.get(iri)
            if text is None:
                text = self.iris[iri] = nt_term(iri)
            return text
        if kind is Literal:  # keyed by its parts: a Literal's own hash and equality run in Python
            lit = cast(Literal, term)
            key = (str(lit), lit.datatype, lit.language)
            text = self.literals.get(key)
            if text is None:
                text = self.literals[key] = nt_term(term)
            return text
        return nt_term(term)


@dataclass
class NewGraph:
    """A document graph to write: its triples as N-Triples text, its assertions as tally rows, and
    the actors it describes (the actor each description is made from, the last mention's)."""

    text: str
    counted: dict[URIRef, list[Counted]]
    described: dict[URIRef, Actor]
    assertions: dict[URIRef, tuple[URIRef, URIRef, URIRef]] = field(
        default_factory=dict
    )  # assertion -> its kg:subject, kg:object, kg:polarity (rdflib)
    triples: int = 0  # distinct triples in the text

    def parents(self) -> dict[URIRef, URIRef | None]:
        """Each described actor's ``kg:partOf`` parent (what :func:`kg.store.rollup.plan_write` reads)."""
        return {a: mint("actor", x.part_of) if x.part_of else None for a, x in self.described.items()}


#: The N-Triples text of kg:subject, kg:object, kg:polarity -> their place in an assertion's ends.
_ENDS = {nt_term(p): k for k, p in enumerate((KG.subject, KG.object, KG.polarity))}


def document_content(
    doc: Document, mentions: Iterable[RelationMention], terms: NTriplesTerms | None = None
) -> NewGraph:
    """A document's graph as it will be written; ``DocumentError`` if the mentions cannot be written."""
    from kg.rdf.write import document_parts

    terms = terms or NTriplesTerms()
    mentions = list(mentions)
    try:
        own, _ = document_parts(doc, mentions, terms)  # text made and checked before anything is sent
    except ValueError as err:
        raise DocumentError(f"document {doc.id!r} cannot be written: {err}") from None
    actors: dict[URIRef, Actor] = {}
    for m in mentions:
        for actor in (m.subject, m.object, m.attributed_to):
            if actor is not None:
                actors[mint("actor", actor.id)] = actor
    ends: dict[str, list[str]] = {}
    for s, p, o in own:  # (own is distinct: document_parts keeps the first of each triple)
        k = _ENDS.get(p)
        if k is not None:
            ends.setdefault(s, ["", "", ""])[k] = o
    iris: dict[str, URIRef] = {}

    def iri(text: str) -> URIRef:
        made = iris.get(text)
        if made is None:
            made = iris[text] = URIRef(text[1:-1])
        return made

    assertions = {URIRef(a[1:-1]): (iri(s), iri(o), iri(pol)) for a, (s, o, pol) in ends.items() if s and o and pol}
    text = "\n".join([f"{s} {p} {o} ." for s, p, o in own])
    return NewGraph(text, tallies.counted_in_text(own), actors, assertions, len(own))


def group_changes(
    reader: StoreReader,
    writes: Sequence[tuple[URIRef, NewGraph | None]],
    *,
    actors_graph: URIRef,
    known: Known | None = None,
    plans: Mapping[URIRef, RollupPlan] | None = None,
) -> Changes:
    """The change that writes (``NewGraph``) or removes (``None``) each document graph, in one transaction.

    Each graph appears at most once (a caller with two writes of one document splits the group).
    ``known`` is what this process wrote before (trusted instead of reading the store back).
    ``plans`` are the roll-up plans of the writes (:func:`kg.store.rollup.plan_write`, each made on the
    store as it is before the group: the caller keeps writes whose plans read the same actors apart).
    """
    known = known or Known()
    plans = plans or {}
    changes = Changes()
    replaced = {g for g, _ in writes if reader.has_graph(g)}
    new = {g: content for g, content in writes if content is not None}
    gone: dict[URIRef, list[Counted]] = defaultdict(list)  # tally -> rows the dropped graphs held
    old_actors: set[URIRef] = set()
    for g, _ in writes:
        if g in replaced:
            changes.drop.append(g)
            for t, rows in reader.graph_counted(g).items():
                gone[t].extend(rows)
            old_actors |= reader.graph_actors(g)
    for g, content in new.items():
        changes.documents[g] = content.text

    gained: dict[URIRef, list[Counted]] = defaultdict(list)
    for content in new.values():
        for t, rows in content.counted.items():
            gained[t].extend(rows)
    unlinked = _rollup(changes, reader, new, plans, gone, gained)
    bands: dict[URIRef, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for t in sorted(set(gone) | set(gained)):
        _tally(changes, reader, known, t, gone, gained, replaced, unlinked, bands)
    _band_counts(changes, reader, bands)
    _document_counts(changes, reader, writes, replaced, plans)

    described: dict[URIRef, Actor] = {}
    for content in new.values():  # the last document written describes an actor
        described.update(content.described)
    for actor, made_from in described.items():
        if known.actors.get(actor) != made_from:
            old = reader.description(actor, actors_graph)
            _replace(changes, actors_graph, actor, old, {(p, o) for _, p, o in actor_triples(made_from)})
        changes.actors[actor] = made_from
    for actor in old_actors - described.keys():
        if not reader.mentioned_outside(actor, replaced):
            _replace(changes, actors_graph, actor, reader.description(actor, actors_graph), set())
            changes.actors[actor] = None
    return changes


def _rollup(
    changes: Changes,
    reader: StoreReader,
    new: Mapping[URIRef, NewGraph],
    plans: Mapping[URIRef, RollupPlan],
    gone: dict[URIRef, list[Counted]],
    gained: dict[URIRef, list[Counted]],
) -> set[tuple[URIRef, str]]:
    """The plans' map rows and links, and the rows each roll-up tally gains or loses by them.

    Returns the ``(tally, assertion)`` links removed from graphs that stay (not counted on a recount).
    """
    unlinked: set[tuple[URIRef, str]] = set()
    for g, plan in plans.items():
        for s, p, o, graph in plan.unmapped:
            changes.delete[graph].append((s, p, o))
        for s, p, o, graph in plan.mapped:
            changes.insert[graph].append((s, p, o))
        content = new.get(g)
        if content is not None and plan.links:
            rows_of: dict[str, list[Counted]] = defaultdict(list)
            for rows in content.counted.values():  # an assertion's rows, once per pair tally it has
                for row in rows:
                    rows_of[row.assertion].append(row)
            for a, p, t in plan.links:
                changes.insert[g].append((a, p, t))
                gained[t].extend(rows_of.get(str(a), ()))
        for a, p, t, graph in plan.unlinked:
            changes.delete[graph].append((a, p, t))
            gone[t].extend(_rows(reader, a))
            unlinked.add((t, str(a)))
        for a, p, t, graph in plan.relinked:
            changes.insert[graph].append((a, p, t))
            gained[t].extend(_rows(reader, a))
    return unlinked


def _rows(reader: StoreReader, assertion: URIRef) -> list[Counted]:
    """A stored assertion's rows for one of its tallies (``counted`` repeats them per tally link)."""
    return list(dict.fromkeys(reader.counted(str(assertion))))


def _tally(
    changes: Changes,
    reader: StoreReader,
    known: Known,
    t: URIRef,
    gone: dict[URIRef, list[Counted]],
    gained: dict[URIRef, list[Counted]],
    replaced: set[URIRef],
    unlinked: set[tuple[URIRef, str]],
    bands: dict[URIRef, dict[int, int]],
) -> None:
    """One touched tally (either view): its new state, the triples that change, its move between bands."""
    graph = tallies.graph_of(t)
    if t in known.tallies:  # written by this process: its state is known, only changed fields are sent
        old = known.tallies[t]
        stored = None
    else:
        stored = reader.tally(t)
        old = tallies.read_state(stored, reader)
    if t in gone:  # it lost rows: recount from what the store keeps, plus the new rows
        kept = (row for g, row in reader.tally_rows(t) if g not in replaced and (t, row.assertion) not in unlinked)
        state = tallies.count(gained.get(t, ()), tallies.count(kept))
    else:
        state = tallies.count(gained[t], old)
    if stored is None:
        delete, insert = tallies.state_changes(t, old, state)
        changes.delete[graph].extend(delete)
        changes.insert[graph].extend(insert)
    else:  # read from the store: make its pairs, whatever they are, equal the new ones
        new: set[tuple[Node, Node]] = (
            set() if state is None else {(p, o) for _, p, o in tallies.tally_triples(t, state)}
        )
        _replace(changes, graph, t, stored, new)
    changes.tallies[t] = state
    for floor, change in tallies.band_moves(old, state):
        bands[graph][floor] += change


def _band_counts(changes: Changes, reader: StoreReader, bands: Mapping[URIRef, Mapping[int, int]]) -> None:
    """Move each band node's ``kg:talliesAbove`` by the tallies that left or entered the bands above it
    (a tally graph without band nodes, not built yet, gets none)."""
    for graph, moves in bands.items():
        for floor, change in sorted(moves.items()):
            if change:
                node = tallies.band_iri(floor)
                for old in reader.objects(node, KG.talliesAbove, graph):
                    changes.delete[graph].append((node, KG.talliesAbove, old))
                    changes.insert[graph].append((node, KG.talliesAbove, tallies.integer(int(str(old)) + change)))


def _document_counts(
    changes: Changes,
    reader: StoreReader,
    writes: Sequence[tuple[URIRef, NewGraph | None]],
    replaced: set[URIRef],
    plans: Mapping[URIRef, RollupPlan],
) -> None:
    """Each written document's ``kg:tripleCount`` (its triples and roll-up links), a removed one's deleted,
    and the counts of other documents whose roll-up links a plan changed."""
    graph = tallies.TALLIES_GRAPH
    counts: dict[URIRef, int | None] = {}
    for g, content in writes:
        plan = plans.get(g)
        counts[g] = None if content is None else content.triples + len(set(plan.links) if plan else ())
    moved: dict[URIRef, int] = defaultdict(int)
    for plan in plans.values():
        for *_, g in plan.unlinked:
            moved[g] -= 1
        for *_, g in plan.relinked:
            moved[g] += 1
    for g, change in moved.items():
        if g not in counts and change:
            stored = reader.objects(g, KG.tripleCount, graph)
            counts[g] = int(str(stored[0])) + change if stored else None
    for g, count in counts.items():
        stored = reader.objects(g, KG.tripleCount, graph) if g in replaced or g in moved else []
        if stored and count is not None and int(str(stored[0])) == count:
            continue
        changes.delete[graph].extend((g, KG.tripleCount, o) for o in stored)
        if count is not None:
            changes.insert[graph].append((g, KG.tripleCount, tallies.integer(count)))


def _replace(
    changes: Changes, graph: URIRef, subject: URIRef, old: Iterable[tuple[Node, Node]], new: set[tuple[Node, Node]]
) -> None:
    """Make ``subject``'s pairs in ``graph`` equal ``new``, touching only the ones that differ."""
    stored = {(p, _value(o)): (p, o) for p, o in old}
    made = {(p, _value(o)): (p, o) for p, o in new}
    changes.delete[graph].extend((subject, *stored[k]) for k in stored.keys() - made.keys())
    changes.insert[graph].extend((subject, *made[k]) for k in made.keys() - stored.keys())


def _value(term: Node) -> object:
    """A term as the store keeps it: a literal by its datatype and value (Oxigraph writes the double
    1.0 back as "1", and a plain literal is an ``xsd:string``), anything else as itself."""
    if isinstance(term, Literal):
        datatype = term.datatype or (None if term.language else XSD.string)
        value = term.value if term.value is not None and datatype != XSD.string else str(term)
        return (datatype, term.language, type(value).__name__, value)
    return term
