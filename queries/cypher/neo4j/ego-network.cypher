// name: ego-network
// answers: The neighbourhood of COUNTRY: every relation among the actors within DEPTH hops
//   of it (hops over relations that pass the filters), strongest first.
// param: country str -- the actor's id (ISO 3166 alpha-3 for a state, e.g. IRN)
// param: depth int = 1 [1..4] -- how many hops out
// param: limit int = 5000 -- at most this many edges
// filters: since until min_confidence modality
// table: source predicate target strength claims sentences sources max_confidence first_date last_date
// example: geokg query ego-network IRN --depth 2
// Neo4j: a breadth-first expansion, one hop per step up to DEPTH, so the cost is
// the edges of the neighbourhood, not the number of paths through it (a bounded
// SHORTEST over every target enumerated paths on dense graphs: > 30 s at 100k events).
MATCH (c:Actor {id: $country})
WITH [c.id] AS seen, [c] AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 1 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 2 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 3 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 4 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
WITH seen AS ids
// b unlabelled on purpose (RELATES only joins actors): with the label the planner
// seeks both ends and runs Expand(Into) over every pair of the ego set, 40M db hits
// at 1M events; this way it expands each member's edges once (4.3 s -> 0.9 s).
MATCH (a:Actor)-[r:RELATES]->(b)
WHERE a.id IN ids AND b.id IN ids AND a.id <> b.id
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
WITH [c.id] AS seen, [c] AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 1 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 2 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 3 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
CALL (seen, frontier) {
  UNWIND CASE WHEN $depth >= 4 THEN frontier ELSE [] END AS f
  MATCH (f)-[e:RELATES]-(x:Actor)
  WHERE NOT x.id IN seen
    AND e.max_confidence >= $min_confidence
    AND ($since = '' OR e.last_date >= $since)
    AND ($until = '9999-12-31' OR e.first_date <= $until)
    AND ($modality = '' OR $modality IN e.modalities)
  RETURN collect(DISTINCT x) AS next
}
WITH seen + [x IN next | x.id] AS seen, next AS frontier
WITH seen AS ids
// One row of ids on the left, so the seek runs in a subquery: there Neo4j reads the rank
// index in order and stops at the limit (outside, it sorts whatever the window holds).
CALL (ids) {
  MATCH (a:Actor)-[r:RELATES]->(b)
  USING INDEX r:RELATES(rank)
  WHERE r.rank < $below
    AND a.id IN ids AND b.id IN ids AND a.id <> b.id
    AND r.max_confidence >= $min_confidence
    AND ($since = '' OR r.last_date >= $since)
    AND ($until = '9999-12-31' OR r.first_date <= $until)
    AND ($modality = '' OR $modality IN r.modalities)
  RETURN a, r, b
  ORDER BY r.rank
  LIMIT $limit
}
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
