// Enterprises in a park (its 链上企业), with the park's chain each works in when an article says so.
// $park (entity Park): the park's name or one of its aliases (合肥高新区)
MATCH (x:Enterprise)-[:LOCATED_IN|SETTLED_IN]->(p:Entity&Park {key: $park})
OPTIONAL MATCH (x)-[r:IN_CHAIN]->(c:Chain)<-[:HAS_CHAIN]-(p)
RETURN DISTINCT x.name AS enterprise, c.name AS chain, r.role AS role
ORDER BY enterprise, chain
