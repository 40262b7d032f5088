// The labels of a lab.
// only neo4j: labels(x) is ['Entity', 'Lab'] on Neo4j and ['Entity'] on Ladybug, whose table is Entity; return x.type
MATCH (x:Lab)
RETURN x.name AS name, labels(x) AS labels ORDER BY name
