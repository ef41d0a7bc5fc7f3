// name: contested
// answers: Relations that one voice asserts (asserted, reported) and another denies,
//   negates or only alleges; a voice is whoever the claim is attributed to, else its
//   source document. One row per claim of each contested relation, with its stance.
// param: limit int = 5000 -- at most this many rows
// context: symmetric_predicates
// filters: since until min_confidence modality
// table: source predicate target stance voice modality date evidence publisher
// example: geokg query contested --format table
MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src:Source)
WHERE c.confidence >= $min_confidence
  AND coalesce(c.time_end, src.published, '') >= $since
  AND coalesce(c.time_start, src.published, '9999-12-31') <= $until
  AND ($modality = '' OR c.modality = $modality)
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
WITH c, s, o, src, i,
     CASE WHEN s.type IN ['Person', 'Unit'] AND s.country IS NOT NULL
          THEN s.country ELSE s.id END AS ps,
     CASE WHEN o.type IN ['Person', 'Unit'] AND o.country IS NOT NULL
          THEN o.country ELSE o.id END AS po
WITH c, s, o, src, i,
     CASE WHEN c.predicate IN $symmetric_predicates AND po < ps THEN po ELSE ps END AS source,
     CASE WHEN c.predicate IN $symmetric_predicates AND po < ps THEN ps ELSE po END AS target,
     CASE WHEN c.modality IN ['asserted', 'reported'] THEN 'asserts'
          WHEN c.modality IN ['denied', 'negated', 'alleged'] THEN 'contests'
          ELSE 'other' END AS stance,
     coalesce(c.attributed_to, src.id) AS voice
WITH source, c.predicate AS predicate, target,
     count(DISTINCT CASE WHEN stance = 'asserts' THEN voice END) AS asserting,
     count(DISTINCT CASE WHEN stance = 'contests' THEN voice END) AS contesting,
     count(DISTINCT CASE WHEN stance <> 'other' THEN voice END) AS voices,
     collect({stance: stance, voice: voice,
              date: coalesce(c.time_start, src.published),
              subject_name: s.name, object_name: o.name, item: i.name,
              modality: c.modality, confidence: c.confidence,
              attributed_to: c.attributed_to, evidence: c.evidence_text,
              source_url: src.url, source_title: src.title, publisher: src.publisher,
              claim_id: c.id}) AS claims
WHERE asserting > 0 AND contesting > 0 AND voices > 1
UNWIND claims AS k
RETURN source, predicate, target, k.stance AS stance, k.voice AS voice, k.date AS date,
       k.subject_name AS subject_name, k.object_name AS object_name, k.item AS item,
       k.modality AS modality, k.confidence AS confidence, k.attributed_to AS attributed_to,
       k.evidence AS evidence, k.source_url AS source_url, k.source_title AS source_title,
       k.publisher AS publisher, k.claim_id AS claim_id
ORDER BY source, predicate, target, stance, date, claim_id
LIMIT $limit
