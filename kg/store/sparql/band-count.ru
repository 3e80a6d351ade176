# Take the tallies ${values} out of (${sign} = "-") or put them back into (${sign} = "+") the counts of
# the band nodes of ${tallies_graph}: run before the tallies are deleted and after they are written
# again, so each band's kg:talliesAbove stays the number of tallies in higher bands.
DELETE { GRAPH ${tallies_graph} { ?band kg:talliesAbove ?count } }
INSERT { GRAPH ${tallies_graph} { ?band kg:talliesAbove ?changed } }
WHERE {
  { SELECT ?band (COUNT(?t) AS ?n) WHERE {
      ${values}
      GRAPH ${tallies_graph} { ?t kg:mentionBand ?tallyBand . ?band kg:bandFloor ?floor }
      FILTER (?floor < ?tallyBand)
    } GROUP BY ?band }
  GRAPH ${tallies_graph} { ?band kg:talliesAbove ?count }
  BIND (?count ${sign} ?n AS ?changed)
}
