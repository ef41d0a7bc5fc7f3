// name: ego-network
// answers: The neighbourhood of COUNTRY: every relation among the actors within DEPTH hops
//   of it (hops over relations that pass the filters), strongest first.
// param: country str -- the actor's id (ISO 3166 alpha-3 for a state, e.g. IRN)
// param: depth int = 1 [1..4] -- how many hops out
// param: limit int = 5000 -- at most this many edges
// filters: since until min_confidence modality
// table: source predicate target strength claims max_confidence first_date last_date
// example: geokg query ego-network IRN --depth 2
MATCH p = (c:Actor {id: $country})-[:RELATES* SHORTEST 1..4 (e, n | WHERE
            e.max_confidence >= $min_confidence
            AND coalesce(e.last_date, '') >= $since
            AND coalesce(e.first_date, '9999-12-31') <= $until
            AND ($modality = '' OR $modality IN e.modalities))]-(n:Actor)
WHERE length(p) <= $depth
WITH collect(n.id) + [$country] AS ids
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE a.id IN ids AND b.id IN ids AND a.id <> b.id
  AND r.max_confidence >= $min_confidence
  AND coalesce(r.last_date, '') >= $since
  AND coalesce(r.first_date, '9999-12-31') <= $until
  AND ($modality = '' OR $modality IN r.modalities)
RETURN a.id AS source, a.name AS source_name, a.type AS source_type,
       r.predicate AS predicate,
       b.id AS target, b.name AS target_name, b.type AS target_type,
       r.family AS family, r.weight AS weight, r.symmetric AS symmetric,
       r.claims AS claims, r.positive_claims AS positive_claims,
       r.max_confidence AS max_confidence,
       r.positive_claims * r.max_confidence AS strength,
       r.first_date AS first_date, r.last_date AS last_date,
       r.items AS items, r.modalities AS modalities
ORDER BY strength DESC, source, target, predicate
LIMIT $limit
