# Remove the roll-up tally links (IRIs under ${rollup_base}) of the assertions of the documents ${documents}.
DELETE { GRAPH ?g { ?a kg:tally ?t } } WHERE {
  VALUES ?g { ${documents} }
  GRAPH ?g { ?a kg:tally ?t } FILTER (STRSTARTS(STR(?t), ${rollup_base}))
}
