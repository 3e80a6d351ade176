# Point each assertion of the documents ${documents} that has no pair tally at its tally (stores
# written before tallies existed). The IRI is minted here exactly as kg.rdf.iris.pair_iri mints it
# in Python: ${pair_base} is the pair IRI base, ${actor_base} the actor IRI base.
INSERT { GRAPH ?g { ?a kg:tally ?t } } WHERE {
  VALUES ?g { ${documents} }
  GRAPH ?g { ?a a kg:Assertion ; kg:subject ?s ; kg:object ?o ; kg:polarity ?pol
             FILTER NOT EXISTS { ?a kg:tally ?any } }
  BIND (IRI(CONCAT(${pair_base}, STRAFTER(STR(?s), ${actor_base}), "/", STRAFTER(STR(?o), ${actor_base}), "/",
                   LCASE(STRAFTER(STR(?pol), "#")))) AS ?t)
}
