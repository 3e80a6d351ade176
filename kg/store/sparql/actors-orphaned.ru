# Delete the descriptions of the actors ${actors} if no document graph mentions them any more.
DELETE { GRAPH ${actors_graph} { ?a ?p ?o } } WHERE { VALUES ?a { ${actors} }
  GRAPH ${actors_graph} { ?a ?p ?o }
  FILTER NOT EXISTS { GRAPH ?d { ?x kg:subject|kg:object|kg:attributedTo ?a } } }
