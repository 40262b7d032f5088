// Labs, institutes, enterprises and universities that settled in a park, by date.
// $park (entity Park): the park's name or one of its aliases (西安科学园, 合肥高新区)
// $since (date, optional): settled on or after this day (2024-01-01)
// $until (date, optional): settled on or before this day (2024-12-31)
MATCH (x:Lab|Institute|Enterprise|University)-[r:SETTLED_IN]->(p:Entity&Park {key: $park})
WHERE ($since = '' OR r.date >= $since) AND ($until = '' OR r.date <= $until)
RETURN x.name AS name, x.type AS type, r.date AS date, size(r.articles) AS articles
ORDER BY date, name
