# Delete pair tallies before they are computed again: those of ?t (${values}) in one view graph.
DELETE { GRAPH ${tallies_graph} { ?t ?p ?x } } WHERE { ${values} GRAPH ${tallies_graph} { ?t ?p ?x } }
