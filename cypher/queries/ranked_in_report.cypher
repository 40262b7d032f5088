// Who a report ranks, in rank order.
// $report (string): part of the report's name (生物医药产业园区竞争力)
MATCH (x:Entity)-[r:RANKED_IN]->(rep:Report)
WHERE rep.name CONTAINS $report
RETURN rep.name AS report, r.`rank` AS rank, x.name AS name, r.year AS year
ORDER BY report, rank
