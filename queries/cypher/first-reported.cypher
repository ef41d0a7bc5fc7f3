// name: first-reported
// answers: Who reported each event first: the earliest source(s) by publication date,
//   with how many publishers followed. `a`/`b` narrow to events between two actors
//   (either order), `predicate` to one relation; empty: all.
// param: a str = "" -- an actor id (e.g. IRN), or empty
// param: b str = "" -- the other actor id (e.g. RUS), or empty
// param: predicate_name str = "" -- a predicate (e.g. SUPPLIES), or empty
// param: limit int = 1000 -- at most this many rows
// filters: since until min_confidence modality
// table: subject predicate object item first_reported publisher said_by modality publishers source_url
// example: geokg query first-reported --param a=IRN --param b=RUS
MATCH (e:Event)-[d:DERIVED_FROM]->(c:Claim)-[:FROM_SOURCE]->(src:Source)
WHERE ($a = '' OR e.subject = $a OR e.object = $a)
  AND ($b = '' OR e.subject = $b OR e.object = $b)
  AND ($predicate_name = '' OR e.predicate = $predicate_name)
  AND src.published = e.first_reported AND d.copy = false
  AND coalesce(e.first_reported, '') >= $since AND coalesce(e.first_reported, '9999-12-31') <= $until
  AND c.confidence >= $min_confidence AND ($modality = '' OR c.modality = $modality)
RETURN e.id AS event, e.subject AS subject, e.predicate AS predicate, e.object AS object,
       e.item AS item, e.first_reported AS first_reported,
       coalesce(src.publisher, src.id) AS publisher, c.attributed_to AS said_by,
       c.modality AS modality, e.publishers AS publishers, e.claims AS claims,
       src.url AS source_url, src.title AS source_title, c.id AS claim_id
ORDER BY first_reported, event, publisher, claim_id
LIMIT $limit
