# Delete the descriptions of the actors ${actors} in the actors graph (the same request writes them again).
DELETE { GRAPH ${actors_graph} { ?a ?p ?o } } WHERE { VALUES ?a { ${actors} } GRAPH ${actors_graph} { ?a ?p ?o } }
