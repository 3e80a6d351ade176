"""The roll-up view kept as data: each actor's ``kg:countsAs`` and each assertion's roll-up tally link.

The rule is :func:`kg.rdf.rollup.part_roots` (the analysis folds with the
same function); this module writes its answer into the store so that SPARQL
can read it: ``?actor kg:countsAs ?root`` in
:data:`~kg.store.tallies.ROLLUP_GRAPH` for every described actor, and on
every assertion a second ``kg:tally`` link, to the roll-up tally of (root of
subject, root of object, polarity) (:mod:`kg.store.tallies`).

What an actor counts as depends on other actors' descriptions (a part folds
into its state only while the state is described), so a document write can
change it for actors the document does not mention: "Government of Mali"
counts as itself until a document names Mali. :func:`plan_write` finds, before
the write, the actors whose root the write can change (those it describes or
orphans, their ``kg:partOf`` ancestors and descendants), computes their roots
before and after, and returns what the write's one update must also do:
the changed ``kg:countsAs`` rows, the roll-up links of the document's own
assertions, and new links for other documents' assertions about actors whose
root changed (rare: a state first described after its government), with the
roll-up tallies all of that touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.rdf.iris import actor_id, rollup_iri
from kg.rdf.namespace import KG
from kg.rdf.ontology import POLARITIES
from kg.rdf.rollup import part_roots
from kg.store.tallies import ROLLUP_GRAPH, ROLLUP_TALLIES_GRAPH
from kg.store.terms import nt_term
from kg.store.text import data_operations, sparql

Triple = tuple[URIRef, URIRef, URIRef]

_POLARITY_NAMES = {iri: name for name, iri in POLARITIES.items()}


Quad = tuple[URIRef, URIRef, URIRef, URIRef]
#: A document's assertions: assertion -> its ``kg:subject``, ``kg:object`` and ``kg:polarity``.
Assertions = dict[URIRef, tuple[URIRef, URIRef, URIRef]]


@dataclass
class RollupPlan:
    """What a document write adds to its update for the roll-up view (see :func:`plan_write`), as data."""

    links: list[Triple] = field(default_factory=list)  # the document's assertions -> their roll-up tallies
    unmapped: list[Quad] = field(default_factory=list)  # kg:countsAs rows that go
    mapped: list[Quad] = field(default_factory=list)  # kg:countsAs rows that come
    unlinked: list[Quad] = field(default_factory=list)  # other documents' roll-up links that go ...
    relinked: list[Quad] = field(default_factory=list)  # ... and the ones that replace them
    touched: set[URIRef] = field(default_factory=set)  # roll-up tallies to recompute besides the document's
    documents: set[URIRef] = field(default_factory=set)  # other document graphs whose links change
    actors: set[URIRef] = field(default_factory=set)  # every actor the plan read the description or root of
    changed: set[URIRef] = field(
        default_factory=set
    )  # actors whose description (kept or not, parent) or root it changes

    @property
    def operations(self) -> list[str]:
        """The map rows and other documents' links as SPARQL Update operations (the document's own links
        go with its triples)."""
        return [
            *data_operations("DELETE", self.unmapped),
            *data_operations("INSERT", self.mapped),
            *data_operations("DELETE", self.unlinked),
            *data_operations("INSERT", self.relinked),
        ]


def plan_write(
    store,
    graph: URIRef,
    own: Assertions,
    described: dict[URIRef, URIRef | None],
    orphan_candidates: Iterable[URIRef],
) -> RollupPlan:
    """The roll-up part of writing (or, with nothing ``described``, removing) one document graph.

    ``own`` are the document's new assertions (:func:`assertions_of` its triples), ``described`` its actors with the
    ``kg:partOf`` parent each is written with, ``orphan_candidates`` the actors
    only its old version mentioned (their descriptions go unless another
    document mentions them). Reads the store; writes nothing.
    """
    orphans = _not_mentioned_elsewhere(store, graph, orphan_candidates)
    seeds = set(described) | orphans | {p for p in described.values() if p is not None}
    stored = _neighbourhood(store, seeds) if seeds else {}
    # the actors' descriptions after the write: stored ones, overlaid with this document's, less orphans
    after = {x: {"part_of": str(info["parent"] or "")} for x, info in stored.items() if info["described"]}
    after.update({x: {"part_of": str(parent or "")} for x, parent in described.items()})
    for x in orphans:
        after.pop(x, None)
    roots = part_roots({str(x): d for x, d in after.items()})
    new = {x: URIRef(roots.get(str(x), str(x))) for x in after}
    old = {x: info["root"] for x, info in stored.items() if info["root"] is not None}

    gone = [(x, r) for x, r in old.items() if new.get(x) != r]
    came = [(x, r) for x, r in new.items() if old.get(x) != r]
    redescribed = {
        x for x, parent in described.items() if not stored.get(x, {}).get("described") or stored[x]["parent"] != parent
    }
    plan = RollupPlan(actors=seeds | set(stored), changed=redescribed | orphans | {x for x, _ in [*gone, *came]})
    plan.unmapped = [(x, KG.countsAs, r, ROLLUP_GRAPH) for x, r in gone]
    plan.mapped = [(x, KG.countsAs, r, ROLLUP_GRAPH) for x, r in came]
    plan.links = _links(own, new)
    moved = [x for x, r in came if x in old]  # described before and after, now counting as another actor
    if moved:
        _relink(store, graph, moved, new, plan)
    return plan


def plan_unchanged(own: Assertions, roots: dict[URIRef, URIRef]) -> RollupPlan:
    """The plan of a write that changes no actor's root: every actor the document describes is stored,
    described with the same ``kg:partOf``, and no actor loses its last document (what :func:`plan_write`
    returns then, with no read). ``roots`` are the stored ``kg:countsAs`` of the document's actors."""
    parts = set(roots)
    return RollupPlan(links=_links(own, roots), actors=parts)


def _links(own: Assertions, roots: dict[URIRef, URIRef]) -> list[Triple]:
    """The roll-up link of each of a document's assertions, from its ends' roots."""
    links = []
    made: dict[tuple[URIRef, URIRef, URIRef], URIRef] = {}  # each roll-up tally IRI minted once
    for a, (s, o, pol) in own.items():
        s_root, o_root = roots[s], roots[o]
        if s_root != o_root:  # two parts of one state: a relation inside it, in no roll-up tally
            tally = made.get((s_root, o_root, pol))
            if tally is None:
                tally = made[s_root, o_root, pol] = _rollup_tally(s_root, o_root, pol)
            links.append((a, _TALLY, tally))
    return links


def _rollup_tally(subject_root: URIRef, object_root: URIRef, polarity: URIRef) -> URIRef:
    return rollup_iri(actor_id(subject_root), actor_id(object_root), _POLARITY_NAMES[polarity])


_TALLY, _ENDS = KG.tally, (KG.subject, KG.object, KG.polarity)


def assertions_of(own: Iterable[Triple]) -> Assertions:
    """Assertion -> (subject, object, polarity), from a document's triples."""
    subject, obj, polarity = _ENDS
    parts: dict[URIRef, dict[URIRef, URIRef]] = {}
    for s, p, o in own:
        if p == subject or p == obj or p == polarity:
            parts.setdefault(s, {})[p] = o
    return {a: (d[subject], d[obj], d[polarity]) for a, d in parts.items() if len(d) == 3}


def _not_mentioned_elsewhere(store, graph: URIRef, candidates: Iterable[URIRef]) -> set[URIRef]:
    candidates = set(candidates)
    if not candidates:
        return set()
    kept = {
        URIRef(row[0])
        for row in store.query(sparql("actors-mentioned-elsewhere.rq"), {"a": tuple(sorted(candidates)), "g": graph})
    }
    return candidates - kept


def _neighbourhood(store, seeds: set[URIRef]) -> dict[URIRef, dict]:
    """The seeds, their ``kg:partOf`` ancestors and descendants: stored parent, described or not, stored root."""
    out: dict[URIRef, dict] = {}
    rows = store.query(sparql("rollup-neighbourhood.rq"), {"seed": tuple(sorted(seeds)), "view": ROLLUP_GRAPH})
    for row in rows:
        x = URIRef(row.x)
        info = out.setdefault(x, {"parent": None, "described": False, "root": None})
        info["parent"] = info["parent"] or (URIRef(row.parent) if row.parent is not None else None)
        info["described"] = info["described"] or row.described is not None
        info["root"] = info["root"] or (URIRef(row.root) if row.root is not None else None)
    return out


def _relink(store, graph: URIRef, moved: list[URIRef], new: dict[URIRef, URIRef], plan: RollupPlan) -> None:
    """Point other documents' assertions about ``moved`` actors at their new roll-up tallies."""
    drop, add = [], []
    for row in store.query(
        sparql("rollup-links-of.rq"),
        {"x": tuple(sorted(moved)), "g": graph, "view": ROLLUP_GRAPH, "tallies": ROLLUP_TALLIES_GRAPH},
    ):
        s, o = URIRef(row.s), URIRef(row.o)
        s_root, o_root = new.get(s, row.sRoot), new.get(o, row.oRoot)
        if s_root is None or o_root is None:
            continue  # an end with no root: its description is missing (not a state the writer leaves)
        doc, a = URIRef(row.doc), URIRef(row.a)
        old = URIRef(row.old) if row.old is not None else None
        link = _rollup_tally(URIRef(s_root), URIRef(o_root), URIRef(row.pol)) if s_root != o_root else None
        if link != old:
            if old is not None:
                drop.append((doc, a, old))
            if link is not None:
                add.append((doc, a, link))
            plan.touched |= {t for t in (old, link) if t is not None}
            plan.documents.add(doc)
    # distinct: an assertion comes once per row of the query (e.g. both ends moved)
    plan.unlinked = list(dict.fromkeys((a, KG.tally, t, g) for g, a, t in drop))
    plan.relinked = list(dict.fromkeys((a, KG.tally, t, g) for g, a, t in add))


def map_operations(store) -> list[str]:
    """Operations that write the whole ``kg:countsAs`` map again (after a bulk load, or on a store without it)."""
    actors: dict[str, dict[str, str]] = {}
    for row in store.select_all(sparql("actor-parents.rq"), "?x"):
        entry = actors.setdefault(str(row.x), {"part_of": ""})
        if row.parent is not None and not entry["part_of"]:
            entry["part_of"] = str(row.parent)
    roots = part_roots(actors)
    g = nt_term(ROLLUP_GRAPH)
    return [
        f"DELETE {{ GRAPH {g} {{ ?x kg:countsAs ?r }} }} WHERE {{ GRAPH {g} {{ ?x kg:countsAs ?r }} }}",
        *data_operations(
            "INSERT", ((URIRef(x), KG.countsAs, URIRef(roots.get(x, x)), ROLLUP_GRAPH) for x in sorted(actors))
        ),
    ]
