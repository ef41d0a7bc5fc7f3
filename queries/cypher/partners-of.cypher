// name: partners-of
// answers: The partners of COUNTRY: cooperation and material-support relations in either
//   direction, with the partner first, strongest first.
// param: country str -- the actor's id (ISO 3166 alpha-3 for a state, e.g. IRN)
// param: limit int = 1000 -- at most this many rows
// filters: since until min_confidence modality
// table: partner partner_name predicate source target strength first_date last_date modalities
// example: geokg query partners-of IRN
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE (a.id = $country OR b.id = $country) AND a.id <> b.id
  AND r.family IN ['cooperation', 'material_support']
  AND r.positive_claims > 0
  AND r.max_confidence >= $min_confidence
  AND coalesce(r.last_date, '') >= $since
  AND coalesce(r.first_date, '9999-12-31') <= $until
  AND ($modality = '' OR $modality IN r.modalities)
RETURN CASE WHEN a.id = $country THEN b.id ELSE a.id END AS partner,
       CASE WHEN a.id = $country THEN b.name ELSE a.name END AS partner_name,
       a.id AS source, a.name AS source_name, a.type AS source_type,
       r.predicate AS predicate,
       b.id AS target, b.name AS target_name, b.type AS target_type,
       r.family AS family, r.weight AS weight, r.symmetric AS symmetric,
       r.claims AS claims, r.positive_claims AS positive_claims,
       r.sentences AS sentences, r.sources AS sources,
       r.positive_sentences AS positive_sentences, r.positive_sources AS positive_sources,
       r.max_confidence AS max_confidence,
       r.positive_sentences * r.max_confidence AS strength,
       r.first_date AS first_date, r.last_date AS last_date,
       r.items AS items, r.modalities AS modalities
ORDER BY strength DESC, partner, predicate, source
LIMIT $limit
