// name: path-between
// answers: How A reaches B: the shortest chain of relations (at most 6 hops, either
//   direction), one row per relation on each hop. Of several shortest chains, the one
//   whose actor ids sort first.
// param: a str -- the first actor's id (e.g. USA)
// param: b str -- the second actor's id (e.g. UKR)
// filters: since until min_confidence modality
// table: step hop_from hop_to source predicate target max_confidence modalities
// example: geokg query path-between USA UKR
MATCH p = (x:Actor {id: $a})-[:RELATES* ALL SHORTEST 1..6 (e, n | WHERE
            e.max_confidence >= $min_confidence
            AND coalesce(e.last_date, '') >= $since
            AND coalesce(e.first_date, '9999-12-31') <= $until
            AND ($modality = '' OR $modality IN e.modalities))]-(y:Actor {id: $b})
WITH properties(nodes(p), 'id') AS ids, list_to_string(',', properties(nodes(p), 'id')) AS key
ORDER BY key
LIMIT 1
UNWIND range(1, size(ids) - 1) AS i
WITH i AS step, ids[i] AS hop_from, ids[i + 1] AS hop_to
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE a.id IN [hop_from, hop_to] AND b.id IN [hop_from, hop_to] AND a.id <> b.id
  AND r.max_confidence >= $min_confidence
  AND coalesce(r.last_date, '') >= $since
  AND coalesce(r.first_date, '9999-12-31') <= $until
  AND ($modality = '' OR $modality IN r.modalities)
RETURN step, hop_from, hop_to,
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
ORDER BY step, source, predicate, target
