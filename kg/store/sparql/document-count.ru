# Record in ${tallies_graph} how many triples each of the documents ${documents} has in its graph
# (kg stats adds them up); a document with no graph any more keeps no count.
DELETE { GRAPH ${tallies_graph} { ?g kg:tripleCount ?old } }
WHERE { VALUES ?g { ${documents} } GRAPH ${tallies_graph} { ?g kg:tripleCount ?old } } ;
INSERT { GRAPH ${tallies_graph} { ?g kg:tripleCount ?n } }
WHERE { { SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { ${documents} } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g } }
