// Settlements whose date no article states.
MATCH (x)-[r:SETTLED_IN]->(p:Park)
WHERE r.date IS NULL
RETURN x.name AS name, p.name AS park
ORDER BY name, park
