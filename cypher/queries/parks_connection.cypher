// What connects two parks: chains both host and partners both cooperate with.
// $park_a (string): the first park's name or alias (苏州工业园区)
// $park_b (string): the second park's name or alias (合肥高新区)
MATCH (a:Entity)-[:HAS_CHAIN|COOPERATES_WITH]-(x:Entity)-[:HAS_CHAIN|COOPERATES_WITH]-(b:Entity)
WHERE (a.name = $park_a OR $park_a IN a.aliases) AND (b.name = $park_b OR $park_b IN b.aliases) AND a.key <> b.key
RETURN DISTINCT x.name AS via, x.type AS type
ORDER BY type, via
