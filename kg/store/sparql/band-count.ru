# Take the tallies ${values} out of (${sign} = "-") or put them back into (${sign} = "+") the counts of
# their kg:mentionBand in ${tallies_graph}: run before the tallies are deleted and after they are
# written again, so each band's kg:tallyCount stays the number of tallies in it.
DELETE { GRAPH ${tallies_graph} { ?band kg:tallyCount ?count } }
INSERT { GRAPH ${tallies_graph} { ?band kg:tallyCount ?changed } }
WHERE {
  { SELECT ?floor (COUNT(?t) AS ?n) WHERE { ${values} GRAPH ${tallies_graph} { ?t kg:mentionBand ?floor } }
    GROUP BY ?floor }
  GRAPH ${tallies_graph} { ?band kg:bandFloor ?floor ; kg:tallyCount ?count }
  BIND (?count ${sign} ?n AS ?changed)
}
