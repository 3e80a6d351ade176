"""Tallies as they should be (counted in Python from the assertions) and as a store holds them."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

import kg.store as store_mod
from kg.rdf import KG, pair_iri
from kg.rdf.namespace import sparql_prefixes
from kg.store import TALLIES_GRAPH

ASSERTIONS = (
    sparql_prefixes(("kg",))
    + """
SELECT ?a ?s ?o ?pol ?p ?neg ?hed ?conf WHERE { GRAPH ?g {
  ?a a kg:Assertion ; kg:subject ?s ; kg:object ?o ; kg:polarity ?pol ; kg:predicate ?p ;
     kg:negated ?neg ; kg:hedged ?hed ; kg:confidence ?conf } }
"""
)

_TALLIES = (
    """
SELECT ?t ?p ?v WHERE { GRAPH ?g { ?t a <"""
    + str(KG.PairTally)
    + """> ; ?p ?v } }
"""
)


def brute_force(store) -> dict[URIRef, dict]:
    """Every tally as it should be, counted in Python from the assertions."""
    groups: dict[URIRef, list] = defaultdict(list)
    for row in store.query(ASSERTIONS):
        pol = "cooperation" if row.pol == KG.Cooperation else "conflict"
        key = pair_iri(str(row.s).rsplit("/", 1)[1], str(row.o).rsplit("/", 1)[1], pol)
        groups[key].append(row)
    out = {}
    for key, rows in groups.items():
        live = [r for r in rows if not r.neg.toPython()]
        best = max(rows, key=lambda r: (not r.neg.toPython(), round(float(r.conf) * 1e8), str(r.a)))
        out[key] = {
            "subject": rows[0].s,
            "object": rows[0].o,
            "polarity": rows[0].pol,
            "mentions": len(live),
            "hedged": sum(1 for r in live if r.hed.toPython()),
            "negated": len(rows) - len(live),
            "maxConfidence": max((float(r.conf) for r in live), default=None),
            "relations": {r.p for r in live},
            "best": best.a,
        }
    return out


def stored(store) -> dict[URIRef, dict]:
    """Every tally as the store holds it."""
    props: dict[URIRef, dict] = defaultdict(lambda: defaultdict(set))
    for t, p, v in store.query(_TALLIES, {"g": TALLIES_GRAPH}):
        props[t][p].add(v)
    out = {}
    for t, values in props.items():
        pol = next(iter(values[KG.polarity]))
        side = "cooperation" if pol == KG.Cooperation else "conflict"

        def one(prop, default=None, values=values, t=t):
            found = values.get(prop)
            assert found is None or len(found) == 1, (t, prop, found)
            return next(iter(found)) if found else default

        conf = one(KG.maxConfidence)
        out[t] = {
            "subject": one(KG[side + "Subject"]),
            "object": one(KG[side + "Object"]),
            "polarity": pol,
            "mentions": int(one(KG.mentions)),
            "hedged": int(one(KG.hedgedMentions)),
            "negated": int(one(KG.negatedMentions)),
            "maxConfidence": None if conf is None else float(conf),
            "relations": set(values.get(KG.tallyRelation, set())),
            "best": one(KG.bestEvidence),
        }
        band = one(KG.mentionBand)
        if out[t]["mentions"]:
            assert int(band) == max(b for b in store_mod.MENTION_BANDS if b <= out[t]["mentions"])
        else:
            assert band is None
    return out


def assert_tallies_match(store):
    assert stored(store) == brute_force(store)
