// name: network
// answers: Every relation between two actors (all predicate families), strongest first:
//   the default graph of `geokg view` and `geokg analyze`.
// param: family str = "" -- only this predicate family (cooperation, material_support,
//   diplomacy, conflict, other); empty for all
// param: limit int = 5000 -- at most this many edges
// filters: since until min_confidence modality
// table: source predicate target strength claims sentences sources max_confidence first_date last_date modalities
// example: geokg query network --param family=conflict --since 2024
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE ($family = '' OR r.family = $family)
  AND a.id <> b.id
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
// ranked: the same rows from the edges ranked below $below (graph/stores/ranking.py: the
//   rank is this ORDER BY, kept by the loaders); the library widens the window until
//   $limit rows pass, and runs the text above when the ranks are stale.
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE r.rank < $below
  AND ($family = '' OR r.family = $family)
  AND a.id <> b.id
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
