// name: timeline
// answers: What happened to and by COUNTRY, in date order: every claim whose subject or
//   object is the country (or a person or unit acting for it), with its evidence and source.
// param: country str -- the actor's id (ISO 3166 alpha-3 for a state, e.g. IRN)
// param: limit int = 1000 -- at most this many claims
// filters: since until min_confidence modality
// table: date subject_name predicate object_name item modality confidence evidence publisher
// example: geokg query timeline IRN --since 2024-07 --format csv
MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src:Source)
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
WITH c, s, o, src, i,
     CASE WHEN s.type IN ['Person', 'Unit'] AND s.country IS NOT NULL
          THEN s.country ELSE s.id END AS subject,
     CASE WHEN o.type IN ['Person', 'Unit'] AND o.country IS NOT NULL
          THEN o.country ELSE o.id END AS object
WHERE (subject = $country OR object = $country)
  AND c.confidence >= $min_confidence
  AND coalesce(c.time_end, src.published, '') >= $since
  AND coalesce(c.time_start, src.published, '9999-12-31') <= $until
  AND ($modality = '' OR c.modality = $modality)
RETURN coalesce(c.time_start, src.published) AS date,
       subject, s.id AS subject_actor, s.name AS subject_name,
       c.predicate AS predicate, c.family AS family,
       object, o.id AS object_actor, o.name AS object_name,
       i.name AS item, c.modality AS modality, c.confidence AS confidence,
       c.attributed_to AS attributed_to, c.evidence_text AS evidence,
       src.url AS source_url, src.title AS source_title, src.publisher AS publisher,
       c.id AS claim_id
ORDER BY date, claim_id
LIMIT $limit
