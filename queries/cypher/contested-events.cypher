// name: contested-events
// answers: Events that some publishers assert and others deny, with who is on each side:
//   one row per event, side and voice (a publisher, else the source; syndicated copies
//   are marked and count with the story they copy).
// param: limit int = 5000 -- at most this many rows
// filters: since until min_confidence modality
// table: subject predicate object item side publisher said_by modality date copy
// example: geokg query contested-events
MATCH (e:Event)-[d:DERIVED_FROM]->(c:Claim)-[:FROM_SOURCE]->(src:Source)
WHERE e.asserting > 0 AND e.denying > 0
  AND coalesce(e.time_end, e.first_reported, '') >= $since
  AND coalesce(e.time_start, e.first_reported, '9999-12-31') <= $until
  AND c.confidence >= $min_confidence AND ($modality = '' OR c.modality = $modality)
RETURN e.id AS event, e.subject AS subject, e.predicate AS predicate, e.object AS object,
       e.item AS item, d.side AS side, coalesce(src.publisher, src.id) AS publisher,
       c.attributed_to AS said_by, c.modality AS modality,
       coalesce(src.published, c.time_start) AS date, d.copy AS copy,
       c.confidence AS confidence, c.evidence_text AS evidence, src.url AS source_url,
       e.confidence AS event_confidence, c.id AS claim_id
ORDER BY event, side, date, publisher, claim_id
LIMIT $limit
