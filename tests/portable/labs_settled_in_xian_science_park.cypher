// How many labs settled in 西安科学园? (the issue's query)
MATCH (l:Lab)-[:SETTLED_IN]->(p:Park)
WHERE p.name CONTAINS '西安科学园'
RETURN count(DISTINCT l) AS n
