// name: sources-of
// answers: The evidence behind one relation A PREDICATE B: every claim of it (either
//   order for a symmetric predicate), with the sentence, the source's URL, and how sure.
// param: a str -- the subject's id (e.g. RUS); a person counts for the state it acts for
// param: predicate str -- a predicate of the vocabulary (e.g. SUPPLIES)
// param: b str -- the object's id (e.g. IRN)
// context: symmetric_predicates
// filters: since until min_confidence modality
// table: date subject_name predicate object_name item modality confidence evidence source_url
// example: geokg query sources-of RUS SUPPLIES IRN
MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src:Source)
WHERE c.predicate = $predicate
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
WITH c, s, o, src, i,
     CASE WHEN s.type IN ['Person', 'Unit'] AND s.country IS NOT NULL
          THEN s.country ELSE s.id END AS subject,
     CASE WHEN o.type IN ['Person', 'Unit'] AND o.country IS NOT NULL
          THEN o.country ELSE o.id END AS object
WHERE ((subject = $a AND object = $b)
       OR ($predicate IN $symmetric_predicates AND subject = $b AND object = $a))
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
