// name: ego-network
// answers: The neighbourhood of COUNTRY: every relation among the actors within DEPTH hops
//   of it (hops over relations that pass the filters), strongest first.
// param: country str -- the actor's id (ISO 3166 alpha-3 for a state, e.g. IRN)
// param: depth int = 1 [1..4] -- how many hops out
// param: limit int = 5000 -- at most this many edges
// filters: since until min_confidence modality
// table: source predicate target strength claims sentences sources max_confidence first_date last_date
// example: geokg query ego-network IRN --depth 2
// Embedded: depth 1 is the centre's own edges (a bounded SHORTEST would still
// run a second BFS level over every edge of a hub's neighbours to find nothing
// new: ~200 ms at 1M events); SHORTEST runs only for depth >= 2, from a start
// that matches no actor otherwise. Filters are written so that an unset one
// ('' / '9999-12-31') is true without reading the edge's dates (a null date
// fails a set filter, as coalesce did). The members are matched first, so that only
// the far end of each edge is checked against the list (a hub's: 250 ids).
MATCH (c:Actor {id: $country})
OPTIONAL MATCH (c)-[e:RELATES]-(n:Actor)
WHERE e.max_confidence >= $min_confidence
  AND ($since = '' OR e.last_date >= $since)
  AND ($until = '9999-12-31' OR e.first_date <= $until)
  AND ($modality = '' OR $modality IN e.modalities)
WITH collect(DISTINCT n.id) + [$country] AS near
WITH near, CASE WHEN $depth >= 2 THEN $country ELSE '' END AS start
OPTIONAL MATCH p = (s:Actor {id: start})-[:RELATES* SHORTEST 1..4 (e, n | WHERE
            e.max_confidence >= $min_confidence
            AND ($since = '' OR e.last_date >= $since)
            AND ($until = '9999-12-31' OR e.first_date <= $until)
            AND ($modality = '' OR $modality IN e.modalities))]-(far:Actor)
WHERE length(p) <= $depth
WITH near, collect(far.id) AS far
WITH near + far AS ids
MATCH (a:Actor) WHERE list_contains(ids, a.id)
WITH a, ids
MATCH (a)-[r:RELATES]->(b:Actor)
WHERE list_contains(ids, b.id) AND a.id <> b.id
  AND r.max_confidence >= $min_confidence
  AND ($since = '' OR r.last_date >= $since)
  AND ($until = '9999-12-31' OR r.first_date <= $until)
  AND ($modality = '' OR $modality IN r.modalities)
RETURN a.id AS source, a.name AS source_name, a.type AS source_type,
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
ORDER BY strength DESC, source, target, predicate
LIMIT $limit
// ranked: the same rows from the edges ranked below $below (graph/stores/ranking.py), the
//   window the library widens until $limit rows pass: for a hub, whose neighbourhood is
//   most of the graph, a few thousand edges instead of every edge of every member.
MATCH (c:Actor {id: $country})
OPTIONAL MATCH (c)-[e:RELATES]-(n:Actor)
WHERE e.max_confidence >= $min_confidence
  AND ($since = '' OR e.last_date >= $since)
  AND ($until = '9999-12-31' OR e.first_date <= $until)
  AND ($modality = '' OR $modality IN e.modalities)
WITH collect(DISTINCT n.id) + [$country] AS near
WITH near, CASE WHEN $depth >= 2 THEN $country ELSE '' END AS start
OPTIONAL MATCH p = (s:Actor {id: start})-[:RELATES* SHORTEST 1..4 (e, n | WHERE
            e.max_confidence >= $min_confidence
            AND ($since = '' OR e.last_date >= $since)
            AND ($until = '9999-12-31' OR e.first_date <= $until)
            AND ($modality = '' OR $modality IN e.modalities))]-(far:Actor)
WHERE length(p) <= $depth
WITH near, collect(far.id) AS far
WITH near + far AS ids
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE r.rank < $below
  AND list_contains(ids, a.id) AND list_contains(ids, b.id) AND a.id <> b.id
  AND r.max_confidence >= $min_confidence
  AND ($since = '' OR r.last_date >= $since)
  AND ($until = '9999-12-31' OR r.first_date <= $until)
  AND ($modality = '' OR $modality IN r.modalities)
RETURN a.id AS source, a.name AS source_name, a.type AS source_type,
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
ORDER BY r.rank
LIMIT $limit
