# Delete pair tallies before they are computed again: every tally, or those of ?t (a VALUES slot).
DELETE { GRAPH ${tallies_graph} { ?t ?p ?x } } WHERE { ${values} GRAPH ${tallies_graph} { ?t ?p ?x ${every} } }
