// What ties enterprises to parks (relationship type of a choice of two)?
MATCH (e:Enterprise)-[r:LOCATED_IN|SETTLED_IN]->(p:Entity:Park)
RETURN e.name AS enterprise, type(r) AS type, p.name AS park
ORDER BY enterprise, type, park
