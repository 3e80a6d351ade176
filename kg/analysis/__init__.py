"""Alliance / rivalry analysis of the stored graph (networkx).

``signed_graph`` reads a store (anything with ``.query(sparql)``) into a
signed ``networkx.Graph``; the other functions take that graph (or the rows
of ``load``). ``report`` assembles everything into text, markdown or JSON.

Examples
--------
>>> from kg.analysis import signed_graph, find_camps
>>> from kg.analysis.examples import story_graph
>>> G = signed_graph(story_graph())
>>> cp = find_camps(G)
>>> [camp.members for camp in cp.camps], cp.status["isis"]
([['iran', 'shia-militias'], ['iraq', 'united-states']], 'apart')
"""

from kg.analysis.balance import Frustration, frustration, triads, violations
from kg.analysis.camps import CampPartition, find_camps
from kg.analysis.contested import contested, turns
from kg.analysis.enemies import enemy_of_my_enemy, predicted_pairs
from kg.analysis.report import analyze, report
from kg.analysis.rollup import folds_into, rollup_map
from kg.analysis.signed import load, signed_graph
from kg.analysis.structure import ambivalent_pairs, brokers, centrality, cross_camp_betweenness, pagerank
from kg.analysis.timeline import timeline

__all__ = [
    "Frustration",
    "frustration",
    "triads",
    "violations",
    "CampPartition",
    "find_camps",
    "contested",
    "turns",
    "enemy_of_my_enemy",
    "predicted_pairs",
    "folds_into",
    "rollup_map",
    "load",
    "signed_graph",
    "ambivalent_pairs",
    "brokers",
    "centrality",
    "cross_camp_betweenness",
    "pagerank",
    "timeline",
    "analyze",
    "report",
]
