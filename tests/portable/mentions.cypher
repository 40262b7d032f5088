// Which articles mention which parks, and how often?
MATCH (a:Article)-[m:MENTIONS]->(p:Park)
RETURN a.id AS article, a.title AS title, p.name AS park, m.count AS mentions
ORDER BY article, park
