"""Read assertions from a store into a signed networkx graph (one edge per actor pair).

The store is anything with an rdflib-compatible ``.query(sparql)``: an
``rdflib.Graph`` / ``Dataset`` or the ``kg.store`` store. Two SELECTs pull
everything (assertions with their documents; actor labels and kinds), so a
store with 100k assertions is read in one pass.

Sign of a pair
--------------
Each assertion weighs its confidence (a hedged one half of that). A pair's
``sign`` is +1 when the cooperation weight is larger than the conflict weight
and -1 otherwise: **ties count as conflict**, because one reported hostile act
is the stronger signal for balance. A pair with assertions of both polarities
is ``ambivalent`` whatever its sign.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.analysis.rollup import folds_into
from kg.errors import KgError, QueryError, StoreError
from kg.rdf.namespace import KG, PREFIXES, sparql_prefixes

KG_NS = str(KG._NS)
ACTOR_BASE = PREFIXES["actor"]

# One string per assertion: a result shaped like rdflib's costs several
# microseconds per term (an rdflib Literal / URIRef each), so the fields come
# back joined by tabs (IRIs, numbers and booleans hold no tab; the evidence
# sentence, which may, is last and split off with maxsplit). Typed literals go
# through STR(): no xsd:double / xsd:boolean parsing. Negated assertions come
# too: the analysis leaves them out of the graph but reports denials.
ASSERTIONS_QUERY = (
    sparql_prefixes(("kg", "prov"))
    + """
SELECT (CONCAT(STR(?a), "\\t", STR(?s), "\\t", STR(?p), "\\t", STR(?o), "\\t", STR(?pol), "\\t",
               COALESCE(STR(?c), ""), "\\t", COALESCE(STR(?h), ""), "\\t", COALESCE(STR(?n), ""), "\\t",
               COALESCE(STR(?by), ""), "\\t", COALESCE(STR(?doc), ""), "\\t", COALESCE(STR(?ev), "")) AS ?row)
WHERE {
  ?a a kg:Assertion ; kg:subject ?s ; kg:predicate ?p ; kg:object ?o ; kg:polarity ?pol .
  OPTIONAL { ?a kg:negated ?n }
  OPTIONAL { ?a kg:attributedTo ?by }
  OPTIONAL { ?a kg:evidence ?ev }
  OPTIONAL { ?a kg:confidence ?c }
  OPTIONAL { ?a kg:hedged ?h }
  OPTIONAL { ?a prov:wasDerivedFrom ?doc }
}
"""
)

DOCUMENTS_QUERY = (
    sparql_prefixes(("kg", "schema"))
    + """
SELECT ?doc ?docId ?title (STR(?d) AS ?date) WHERE {
  ?doc kg:docId ?docId .
  OPTIONAL { ?doc schema:headline ?title }
  OPTIONAL { ?doc schema:datePublished ?d }
}
"""
)

ACTORS_QUERY = (
    sparql_prefixes(("kg", "rdfs"))
    + """
SELECT ?x ?label ?kind ?parent WHERE {
  ?x a kg:Actor .
  OPTIONAL { ?x rdfs:label ?label }
  OPTIONAL { ?x a ?kind . FILTER(?kind != kg:Actor && STRSTARTS(STR(?kind), STR(kg:))) }
  OPTIONAL { ?x kg:partOf ?parent }
}
"""
)


@dataclass(frozen=True, slots=True)
class Row:
    """One assertion as read from the store (IRIs as strings)."""

    subject: str
    predicate: str
    object: str
    polarity: str  # "cooperation" | "conflict"
    sentence: str
    confidence: float
    negated: bool
    hedged: bool
    doc: str
    doc_id: str
    title: str
    date: str  # "YYYY-MM-DD" or ""
    attributed_to: str = ""  # IRI of the actor the statement is attributed to ("who said it")


@dataclass
class Data:
    """Everything the analysis needs from a store: assertion rows (negated ones too) and actor descriptions.

    ``negated`` counts negated assertions held elsewhere (not in ``rows``).
    """

    rows: list[Row]
    actors: dict[str, dict[str, str]]  # iri -> {"label", "kind", "part_of"}
    negated: int = 0

    @property
    def negated_total(self) -> int:
        return self.negated + sum(r.negated for r in self.rows)

    @property
    def kept(self) -> list[Row]:
        """Rows that count: not negated, between two different actors."""
        return [r for r in self.rows if not r.negated and r.subject != r.object]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _bool(value: Any) -> bool:
    if value is None:
        return False
    py = value.toPython() if hasattr(value, "toPython") else value
    if isinstance(py, bool):
        return py
    return str(py).strip().lower() in ("true", "1")


def _float(value: Any, default: float = 0.5) -> float:
    try:
        return float(value.toPython() if hasattr(value, "toPython") else value)
    except (TypeError, ValueError):
        return default


def _query(source: Any, sparql: str) -> Iterable:
    if not hasattr(source, "query"):
        raise StoreError(f"cannot read assertions from {type(source).__name__}: it has no .query(sparql) method")
    try:
        return source.query(sparql)
    except QueryError:
        raise
    except Exception as err:  # a store / parser failure, named for the user
        raise StoreError(f"reading assertions from the store failed: {err}") from err


def load(source: Any) -> Data:
    """Read every assertion and actor from ``source`` (anything with ``.query(sparql)``).

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> data = load(story_graph())
    >>> len(data.rows), data.negated_total, len(data.actors)
    (13, 1, 5)
    """
    if isinstance(source, Data):
        return source
    docs: dict[str, tuple[str, str, str]] = {}
    for r in _query(source, DOCUMENTS_QUERY):
        key = str(r[0])
        if key not in docs:  # the first of several titles / dates
            docs[key] = (_text(r[1]), _text(r[2]), _text(r[3])[:10])
    rows: list[Row] = []
    seen: set[str] = set()
    for (packed,) in _query(source, ASSERTIONS_QUERY):
        if packed is None:
            continue
        key, subj, pred, obj, pol, conf, hedged, neg, by, doc, sentence = str(packed).split("\t", 10)
        if key in seen:  # an assertion with two confidences / documents: keep its first row
            continue
        seen.add(key)
        doc_id, title, date = docs.get(doc, (doc, "", ""))
        rows.append(
            Row(
                subject=subj,
                predicate=pred,
                object=obj,
                polarity="cooperation" if pol.endswith("Cooperation") else "conflict",
                sentence=sentence,
                confidence=_float(conf),
                negated=_bool(neg or None),
                hedged=_bool(hedged or None),
                doc=doc,
                doc_id=doc_id or doc,
                title=title,
                date=date,
                attributed_to=by,
            )
        )
    actors: dict[str, dict[str, str]] = {}
    for r in _query(source, ACTORS_QUERY):
        iri = str(r[0])
        entry = actors.setdefault(iri, {"label": "", "kind": "", "part_of": ""})
        if r[1] is not None and (not entry["label"] or str(r[1]) < entry["label"]):
            entry["label"] = str(r[1])
        if r[2] is not None and not entry["kind"]:
            entry["kind"] = str(r[2])[len(KG_NS) :]
        if r[3] is not None and not entry["part_of"]:
            entry["part_of"] = str(r[3])
    return Data(rows, actors)


def actor_id(iri: str) -> str:
    """The actor id (slug) at the end of an actor IRI.

    >>> actor_id(ACTOR_BASE + "iran")
    'iran'
    """
    return iri[len(ACTOR_BASE) :] if iri.startswith(ACTOR_BASE) else iri.rsplit("/", 1)[-1]


def local_name(iri: str) -> str:
    """The local name of an ontology term (``…ns#supports`` -> ``supports``)."""
    return iri[len(KG_NS) :] if iri.startswith(KG_NS) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@cache
def symmetric_properties() -> frozenset[str]:
    """Local names of the relation properties ``kg.ttl`` declares ``owl:SymmetricProperty``.

    >>> "fights" in symmetric_properties(), "supports" in symmetric_properties()
    (True, False)
    """
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF

    from kg.rdf.ontology import ontology_path

    g = Graph().parse(ontology_path("kg.ttl"))
    return frozenset(local_name(str(p)) for p in g.subjects(RDF.type, OWL.SymmetricProperty))


@cache
def umbrella_properties() -> frozenset[str]:
    """Local names of the relation properties directly under ``kg:relation`` (one per polarity).

    >>> sorted(umbrella_properties())
    ['conflictsWith', 'cooperatesWith']
    """
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from kg.rdf.ontology import ontology_path

    g = Graph().parse(ontology_path("kg.ttl"))
    return frozenset(local_name(str(p)) for p in g.subjects(RDFS.subPropertyOf, KG.relation))


_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_date(value: Any, option: str = "--since") -> str | None:
    """``value`` as an ISO date string (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or a ``KgError``.

    >>> check_date("2014-08"), check_date(None)
    ('2014-08', None)
    >>> check_date("yesterday")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: --since 'yesterday' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)
    """
    if value is None or value == "":
        return None
    text = str(value)
    if not _ISO_DATE.fullmatch(text) or not _real_date(text):
        raise KgError(f"{option} {text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


def _real_date(text: str) -> bool:
    """Whether an ``YYYY[-MM[-DD]]`` text names a real month and day (no month 13, no 30 February).

    >>> _real_date("2024-02-29"), _real_date("2023-02-29"), _real_date("2024-13"), _real_date("2024")
    (True, False, False, True)
    """
    import datetime

    parts = [int(x) for x in text.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def empty_reason(
    rows: list[Row], negated: int, *, since: str | None = None, until: str | None = None, min_evidence: int = 1
) -> str:
    """Why a graph with these filters has no relation: no data, or the first filter that left nothing.

    >>> empty_reason([], 0)
    'the graph has no assertions yet — run kg build'
    """
    rows = [r for r in rows if not r.negated]
    if not rows:
        return (
            "every assertion in the graph is negated (a denied relation draws no edge)"
            if negated
            else "the graph has no assertions yet — run kg build"
        )
    dated = sorted(r.date for r in rows if r.date)
    span = f"the dated ones run from {dated[0][:10]} to {dated[-1][:10]}" if dated else "no assertion is dated"
    if since and not list(filter_rows(rows, since, None)):
        return f"no assertion is dated on or after --since {since} ({span})"
    if until and not list(filter_rows(rows, None, until)):
        return f"no assertion is dated on or before --until {until} ({span})"
    if (since or until) and not list(filter_rows(rows, since, until)):
        return f"no assertion is dated between --since {since} and --until {until} ({span})"
    if min_evidence > 1:
        return f"no pair has --min-evidence {min_evidence} assertions in this selection"
    return "no assertion matches the filters"


def filter_rows(rows: Iterable[Row], since: str | None = None, until: str | None = None) -> Iterator[Row]:
    """Rows dated within ``[since, until]`` (ISO dates, inclusive; any prefix such as ``2014`` works).

    With a bound given, undated rows are dropped.
    """
    lo = check_date(since, "--since")
    hi = check_date(until, "--until")
    for r in rows:
        if lo or hi:
            if not r.date:
                continue
            if lo and r.date < lo[:10]:
                continue
            if hi and r.date[: len(hi[:10])] > hi[:10]:
                continue
        yield r


def _weight(r: Row) -> float:
    return r.confidence * (0.5 if r.hedged else 1.0)


def graph_from_rows(
    rows: Iterable[Row],
    actors: dict[str, dict[str, str]],
    *,
    min_evidence: int = 1,
    negated: int = 0,
    merge_parts: bool = True,
):
    """Aggregate rows into a signed ``nx.Graph`` (see :func:`signed_graph` for the attributes).

    Negated rows are counted, not used; ``negated`` adds negated assertions
    already left out by the store query to that count. With ``merge_parts``
    an organ (``kg:partOf``: a government, military, official) counts as the
    actor it is part of.
    """
    from functools import lru_cache

    import networkx as nx

    sym = symmetric_properties()
    fold = folds_into(actors, keep_parts=not merge_parts)
    aid = lru_cache(maxsize=None)(lambda iri: actor_id(fold(iri)))  # the same IRIs over and over
    own = lru_cache(maxsize=None)(actor_id)
    lname = lru_cache(maxsize=None)(local_name)
    pairs: dict[tuple[str, str], list[Row]] = defaultdict(list)
    n_rows, n_negated = negated, negated
    for r in rows:
        n_rows += 1
        if r.negated:
            n_negated += 1
            continue
        a, b = aid(r.subject), aid(r.object)
        if a == b:
            continue
        pairs[(a, b) if a < b else (b, a)].append(r)

    G = nx.Graph()
    labels = {actor_id(iri): d for iri, d in actors.items()}
    docs: set[str] = set()
    dates: list[str] = []
    for (a, b), group in sorted(pairs.items()):
        if len(group) < min_evidence:
            continue
        for node, iri in (
            (a, group[0].subject if aid(group[0].subject) == a else group[0].object),
            (b, group[0].object if aid(group[0].object) == b else group[0].subject),
        ):
            if node not in G:
                d = labels.get(node, {})
                G.add_node(node, label=d.get("label") or node, kind=d.get("kind") or "Actor", iri=fold(iri), parts=[])
        for r in group:
            for iri in (r.subject, r.object):
                if fold(iri) != iri:
                    part = labels.get(own(iri), {}).get("label") or own(iri)
                    node_parts = G.nodes[aid(iri)]["parts"]
                    if part not in node_parts:
                        node_parts.append(part)
        coop = [r for r in group if r.polarity == "cooperation"]
        conf = [r for r in group if r.polarity == "conflict"]
        w_coop = sum(map(_weight, coop))
        w_conf = sum(map(_weight, conf))
        directions: Counter = Counter()
        for r in group:
            p = lname(r.predicate)
            if p not in sym:
                directions[(aid(r.subject), p, aid(r.object))] += 1
        evidence: list[dict[str, Any]] = sorted(
            (
                {
                    "sentence": r.sentence,
                    "doc_id": r.doc_id,
                    "title": r.title,
                    "date": r.date,
                    "confidence": round(r.confidence, 4),
                    "predicate": lname(r.predicate),
                    "polarity": r.polarity,
                    "hedged": r.hedged,
                    "subject": own(r.subject),
                    "object": own(r.object),
                }
                for r in group
            ),
            key=lambda e: (e["date"] or "9999", -e["confidence"], e["sentence"]),
        )
        edge_dates = sorted({r.date for r in group if r.date})
        docs.update(r.doc for r in group)
        dates.extend(edge_dates)
        G.add_edge(
            a,
            b,
            cooperation=len(coop),
            conflict=len(conf),
            cooperation_weight=round(w_coop, 4),
            conflict_weight=round(w_conf, 4),
            sign=1 if w_coop > w_conf else -1,
            net_weight=round(abs(w_coop - w_conf), 4),
            ambivalent=bool(coop) and bool(conf),
            weight=len(group),
            confidence=round(sum(r.confidence for r in group) / len(group), 4),
            predicates=dict(Counter(lname(r.predicate) for r in group).most_common()),
            directions=[
                {"from": s, "predicate": p, "to": o, "count": n} for (s, p, o), n in sorted(directions.items())
            ],
            evidence=evidence,
            dates=edge_dates,
        )
    for node in G:
        G.nodes[node]["parts"].sort()
    G.graph.update(
        assertions=n_rows,
        negated=n_negated,
        documents=len(docs),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        min_evidence=min_evidence,
    )
    return G


def signed_graph(
    source: Any, *, since: str | None = None, until: str | None = None, min_evidence: int = 1, merge_parts: bool = True
):
    """The signed actor graph of a store: one node per actor, one edge per actor pair.

    Negated assertions are excluded; an actor appears only if at least one
    kept edge touches it.

    Parameters
    ----------
    source : object with ``.query(sparql)`` (rdflib graph, kg store) or :class:`Data`
    since, until : str, optional
        Keep assertions whose document is dated within these ISO dates
        (inclusive). Undated assertions are dropped when a bound is given.
    min_evidence : int
        Keep pairs backed by at least this many assertions.
    merge_parts : bool
        Count an organ of an actor (``kg:partOf``: its government, military,
        officials) as that actor, as event datasets code actors by country
        (``Government of Iraq`` -> ``Iraq``). False keeps them apart.

    Returns
    -------
    networkx.Graph
        Nodes (actor ids) carry ``label``, ``kind``, ``iri`` and ``parts``
        (labels of the organs merged into it). Edges carry
        ``cooperation`` / ``conflict`` (counts), ``cooperation_weight`` /
        ``conflict_weight`` (confidence sums, hedged halved), ``sign`` (+1/-1,
        ties -> -1), ``net_weight`` (the difference of the two weights: how
        much evidence the sign stands on), ``ambivalent``, ``weight`` (number of assertions),
        ``confidence`` (mean), ``predicates`` ({name: count}), ``directions``
        (directed properties: ``{"from", "predicate", "to", "count"}``),
        ``evidence`` (dicts with sentence, doc_id, title, date, confidence,
        predicate, polarity, hedged, subject, object -- the actors as named,
        before merging) and ``dates``.
        ``G.graph`` holds ``assertions``, ``negated``, ``documents``,
        ``first_date``, ``last_date``.

    Examples
    --------
    >>> from kg.analysis.examples import story_graph
    >>> G = signed_graph(story_graph())
    >>> e = G.edges["iran", "united-states"]
    >>> e["cooperation"], e["conflict"], e["sign"], e["ambivalent"]
    (2, 3, -1, True)
    >>> G.edges["isis", "iran"]["sign"]
    -1
    >>> [d for d in e["directions"] if d["predicate"] == "sanctions"]
    [{'from': 'united-states', 'predicate': 'sanctions', 'to': 'iran', 'count': 1}]
    >>> signed_graph(story_graph(), min_evidence=2).number_of_edges()
    1
    """
    data = load(source)
    rows = list(filter_rows(data.rows, since, until))
    return graph_from_rows(rows, data.actors, min_evidence=min_evidence, negated=data.negated, merge_parts=merge_parts)
