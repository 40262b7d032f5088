// The first sentence of each settlement, with head().
// only neo4j: Ladybug has no head(); write r.sentences[0], which is translated
MATCH (x)-[r:SETTLED_IN]->(p:Park)
RETURN x.name AS name, head(r.sentences) AS sentence ORDER BY name
