# Delete the descriptions of the actors ${actors} if no document graph mentions them any more.
DELETE { GRAPH ${actors_graph} { ?a ?p ?o } } WHERE { VALUES ?a { ${actors} }
  GRAPH ${actors_graph} { ?a ?p ?o }
  FILTER NOT EXISTS { GRAPH ?d { { ?x kg:subject ?a } UNION { ?x kg:object ?a } UNION { ?x kg:attributedTo ?a } } } }
