// A report's ranking, in rank order.
MATCH (x)-[r:RANKED_IN]->(rep:Report)
RETURN rep.name AS report, r.rank AS rank, x.name AS name, x.type AS type, r.year AS year
ORDER BY report, rank, name
