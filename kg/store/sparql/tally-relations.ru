# Write the relation properties (kg:tallyRelation) of the pair tallies ${values} into one view graph: the
# predicates of their non-negated assertions. Run after tally-insert.ru (a tally with only negated
# assertions has none).
INSERT { GRAPH ${tallies_graph} { ?t kg:tallyRelation ?rel } }
WHERE { ${values} GRAPH ?g { ?a kg:tally ?t ; kg:negated ?neg ; kg:predicate ?rel } FILTER (!?neg) }
