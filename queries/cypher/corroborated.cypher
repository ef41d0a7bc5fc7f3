// name: corroborated
// answers: Events (claims grouped across reports, see `geokg events`) that at least
//   `min_publishers` independent publishers assert (syndicated copies of one wire story
//   count once), strongest first, with the merged confidence and whether anyone denies it.
//   --min-confidence filters on the merged confidence, --modality on the strongest one.
// param: min_publishers int = 2 [1..1000] -- at least this many independent asserting publishers
// param: limit int = 1000 -- at most this many rows
// filters: since until min_confidence modality
// table: subject predicate object item asserting publishers sources claims denied confidence first_reported
// example: geokg query corroborated --param min_publishers=3
MATCH (e:Event)
WHERE e.asserting >= $min_publishers
  AND coalesce(e.time_end, e.first_reported, '') >= $since
  AND coalesce(e.time_start, e.first_reported, '9999-12-31') <= $until
  AND e.confidence >= $min_confidence AND ($modality = '' OR e.strongest = $modality)
RETURN e.id AS event, e.subject AS subject, e.predicate AS predicate, e.object AS object,
       e.item AS item, e.asserting AS asserting, e.denying AS denying,
       e.publishers AS publishers, e.sources AS sources, e.claims AS claims,
       e.syndicated AS syndicated, e.denied AS denied, e.confidence AS confidence,
       e.strongest AS strongest, e.weakest AS weakest,
       e.first_reported AS first_reported, e.last_reported AS last_reported,
       e.time_start AS time_start, e.time_end AS time_end
ORDER BY asserting DESC, confidence DESC, event
LIMIT $limit
