// name: agreement-timeline
// answers: An agreement through its life: its stages (proposed, negotiating, agreed,
//   initialled, signed, ratified, in force, suspended, withdrawn) as the reports tell
//   them, in date order, with the first sentence and the publishers of each.
// param: item str -- the agreement: its id or part of its name (case-insensitive)
// filters: since until min_confidence modality
// table: date stage item_name parties expected claims publishers evidence
// example: geokg query agreement-timeline --param item=comprehensive-strategic-partnership
MATCH (s:Stage)-[:STAGE_FROM]->(c:Claim)
WHERE (s.item = $item OR lower(s.item_name) CONTAINS lower($item))
  AND coalesce(s.date, '') >= $since AND coalesce(s.date, '9999-12-31') <= $until
  AND c.confidence >= $min_confidence AND ($modality = '' OR c.modality = $modality)
WITH DISTINCT s
RETURN s.date AS date, s.stage AS stage, s.label AS label, s.rank AS rank,
       s.item AS item, s.item_name AS item_name, s.parties AS parties,
       s.expected AS expected, s.first_reported AS first_reported, s.claims AS claims,
       s.sources AS sources, s.publishers AS publishers, s.evidence AS evidence
ORDER BY item, date, rank
