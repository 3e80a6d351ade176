# Point each assertion of the documents ${documents} at its roll-up tally: the tally of the actors its
# subject and object count as (kg:countsAs in the roll-up graph ${rollup_graph}). The IRI is minted
# here exactly as kg.rdf.iris.rollup_iri mints it in Python.
INSERT { GRAPH ?g { ?a kg:tally ?t } } WHERE {
  VALUES ?g { ${documents} }
  GRAPH ?g { ?a a kg:Assertion ; kg:subject ?s ; kg:object ?o ; kg:polarity ?pol }
  GRAPH ${rollup_graph} { ?s kg:countsAs ?sAs . ?o kg:countsAs ?oAs }
  FILTER (?sAs != ?oAs)  # two parts of one state: a relation inside it, in no roll-up tally
  BIND (IRI(CONCAT(${rollup_base}, STRAFTER(STR(?sAs), ${actor_base}), "/", STRAFTER(STR(?oAs), ${actor_base}), "/",
                   LCASE(STRAFTER(STR(?pol), "#")))) AS ?t)
}
