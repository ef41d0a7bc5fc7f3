// name: corroborated-network
// answers: The network weighed by events rather than raw claims: one edge per relation,
//   `claims` = its events that at least `min_publishers` independent publishers assert,
//   strength = the sum of their merged confidences (for `geokg analyze` and the view).
// param: min_publishers int = 1 [1..1000] -- count an event with at least this many asserting publishers
// filters: since until min_confidence modality
// table: source predicate target claims strength max_confidence first_date last_date
// example: geokg query corroborated-network --param min_publishers=2
MATCH (e:Event)
WHERE e.asserting >= $min_publishers
  AND coalesce(e.time_end, e.first_reported, '') >= $since
  AND coalesce(e.time_start, e.first_reported, '9999-12-31') <= $until
  AND e.confidence >= $min_confidence AND ($modality = '' OR e.strongest = $modality)
MATCH (a:Actor {id: e.subject}), (b:Actor {id: e.object})
WITH a, b, e.predicate AS predicate, count(e) AS events, sum(e.confidence) AS strength,
     max(e.confidence) AS max_confidence, min(e.time_start) AS first_date,
     max(e.time_end) AS last_date, sum(e.asserting) AS publishers
RETURN a.id AS source, a.name AS source_name, a.type AS source_type, predicate,
       b.id AS target, b.name AS target_name, b.type AS target_type,
       events AS claims, events AS positive_claims, strength, max_confidence,
       first_date, last_date, publishers
ORDER BY source, predicate, target
