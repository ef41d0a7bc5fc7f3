// name: event-sources
// answers: The events among a set of actors and every report of each: publisher, date,
//   modality, who said it, link. What `geokg view` lists when you click an edge.
// param: actors list -- actor ids, comma-separated on the command line (e.g. RUS,IRN)
// param: limit int = 50000 -- at most this many rows
// filters: since until min_confidence modality
// table: subject predicate object item event_confidence publisher date modality said_by copy
// example: geokg query event-sources --param actors=RUS,IRN
MATCH (e:Event)-[d:DERIVED_FROM]->(c:Claim)-[:FROM_SOURCE]->(src:Source)
WHERE e.subject IN $actors AND e.object IN $actors
  AND coalesce(e.time_end, e.first_reported, '') >= $since
  AND coalesce(e.time_start, e.first_reported, '9999-12-31') <= $until
  AND c.confidence >= $min_confidence AND ($modality = '' OR c.modality = $modality)
RETURN e.id AS event, e.subject AS subject, e.predicate AS predicate, e.object AS object,
       e.item AS item, e.confidence AS event_confidence, e.asserting AS asserting,
       e.denying AS denying, e.publishers AS publishers, e.claims AS claims,
       e.time_start AS time_start, e.time_end AS time_end,
       coalesce(src.publisher, src.id) AS publisher, src.published AS date,
       c.modality AS modality, c.attributed_to AS said_by, d.copy AS copy,
       src.url AS source_url, src.title AS source_title, c.id AS claim_id
ORDER BY subject, predicate, object, time_start, event, date, publisher, claim_id
LIMIT $limit
