// Who settled in which park in the first half of 2025 (settlement by date range)?
MATCH (x)-[r:SETTLED_IN]->(p:Park)
WHERE r.date >= '2025-01-01' AND r.date <= '2025-06-30'
RETURN p.name AS park, x.name AS name, x.type AS type, r.date AS date
ORDER BY date, park, name
