# Write pair tallies again from the assertions that point at them (kg:tally), as they are after the
# earlier operations of the same request, into one view graph: those of ?t (${values}). A tally's
# subject, object and polarity are read from its IRI, ${tally_base}SUBJECT/OBJECT/POLARITY (as
# kg.rdf.iris mints it; ${actor_base} + an id is the actor's IRI): in the roll-up view they are the
# actors the assertions' ends count as. One VALUES variable only: Virtuoso 7.2 evaluates a VALUES
# block of several variables inside an update as a procedure view, and such an update could wait
# forever. ${band} is the kg:mentionBand expression (kg.store.tallies).
# The strongest assertion: non-negated first, then confidence (9 fixed digits), then IRI. The relation
# properties (kg:tallyRelation) are written next, by tally-relations.ru.
INSERT { GRAPH ${tallies_graph} {
  ?t a kg:PairTally ; kg:polarity ?pol ; ?sp ?s ; ?op ?o ; kg:mentions ?n ; kg:hedgedMentions ?h ;
     kg:negatedMentions ?ng ; kg:maxConfidence ?c ; kg:mentionBand ?band ; kg:bestEvidence ?best . } }
WHERE {
  { SELECT ?t (SUM(IF(?neg, 0, 1)) AS ?n) (SUM(IF(?neg, 1, 0)) AS ?ng)
            (SUM(IF(!?neg && ?hed, 1, 0)) AS ?h) (MAX(IF(?neg, -1.0, ?conf)) AS ?c0)
            (MAX(CONCAT(IF(?neg, "0", "1"), SUBSTR(STR(1000000000 + xsd:integer(ROUND(?conf * 100000000))), 2),
                        STR(?a))) AS ?key)
     WHERE { ${values} GRAPH ?g { ?a kg:tally ?t ; kg:negated ?neg ; kg:hedged ?hed ; kg:confidence ?conf } }
     GROUP BY ?t }
  BIND (STRAFTER(STR(?t), ${tally_base}) AS ?ends)  # "SUBJECT/OBJECT/POLARITY"
  BIND (IRI(CONCAT(${actor_base}, STRBEFORE(?ends, "/"))) AS ?s)
  BIND (STRAFTER(?ends, "/") AS ?objectAndPolarity)
  BIND (IRI(CONCAT(${actor_base}, STRBEFORE(?objectAndPolarity, "/"))) AS ?o)
  BIND (IF(STRAFTER(?objectAndPolarity, "/") = "cooperation", kg:Cooperation, kg:Conflict) AS ?pol)
  BIND (IF(?pol = kg:Cooperation, kg:cooperationSubject, kg:conflictSubject) AS ?sp)
  BIND (IF(?pol = kg:Cooperation, kg:cooperationObject, kg:conflictObject) AS ?op)
  BIND (IF(?c0 >= 0, ?c0, ?none) AS ?c)
  BIND (IF(?n > 0, ${band}, ?none) AS ?band)
  BIND (IRI(SUBSTR(?key, 11)) AS ?best)
}
