// Labs, institutes, enterprises and universities that settled in a park, by date.
// $park: the park's name or one of its aliases (西安科学园, 合肥高新区)
MATCH (x:Entity)-[r:SETTLED_IN]->(p:Entity)
WHERE p.name = $park OR $park IN p.aliases
RETURN x.name AS name, x.type AS type, r.date AS date, size(r.articles) AS articles
ORDER BY date, name
