// How many residents (settled in or located in) does each park have?
MATCH (x)-[:SETTLED_IN|LOCATED_IN]->(p:Park)
RETURN p.name AS park, count(DISTINCT x) AS residents
ORDER BY residents DESC, park
