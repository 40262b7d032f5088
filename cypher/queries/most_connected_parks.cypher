// The parks with the most relationships in the graph (the explorer's overview opens on them).
// $limit (int, optional = 10): how many to return (5)
MATCH (p:Park)-[r]-(:Entity)
RETURN p.name AS park, count(r) AS degree
ORDER BY degree DESC, park
LIMIT $limit
