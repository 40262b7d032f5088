// The first two supports of each relationship into a park (a list slice).
MATCH (x:Entity)-[r:SETTLED_IN|LOCATED_IN]->(p:Park)
RETURN x.name AS name, p.name AS park, r.articles[0..2] AS first_articles, size(r.articles[1..]) AS more
ORDER BY name, park
