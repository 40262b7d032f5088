// What connects two parks: chains both host and partners both cooperate with.
// $park_a (entity Park): the first park's name or alias (苏州工业园区)
// $park_b (entity Park): the second park's name or alias (合肥高新区)
MATCH (a:Entity&Park {key: $park_a})-[:HAS_CHAIN|COOPERATES_WITH]-(x:Entity)-[:HAS_CHAIN|COOPERATES_WITH]-(b:Entity&Park {key: $park_b})
WHERE a.key <> b.key
RETURN DISTINCT x.name AS via, x.type AS type
ORDER BY type, via
