"""Alliance / rivalry analysis of the stored graph (networkx).

``signed_graph`` reads a store (anything with ``.query(sparql)``) into a
signed ``networkx.Graph``; the other functions take that graph. ``report``
assembles everything into text, markdown or JSON.

Examples
--------
>>> from kg.analysis import signed_graph, frustration
>>> from kg.analysis.examples import story_graph
>>> G = signed_graph(story_graph())
>>> index, partition = frustration(G)
>>> index, partition["isis"] != partition["united-states"] == partition["iran"] == partition["iraq"]
(1, True)
"""

from kg.analysis.balance import Frustration, frustration, triads, violations
from kg.analysis.signed import load, signed_graph
from kg.analysis.structure import (ambivalent_pairs, brokers, centrality, cross_camp_betweenness,
                                   enemy_of_my_enemy, pagerank)
from kg.analysis.timeline import timeline
from kg.analysis.report import analyze, report

__all__ = [
    "Frustration", "frustration", "triads", "violations", "load", "signed_graph",
    "ambivalent_pairs", "brokers", "centrality", "cross_camp_betweenness", "enemy_of_my_enemy", "pagerank",
    "timeline", "analyze", "report",
]
