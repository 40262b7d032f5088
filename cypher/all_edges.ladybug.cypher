// Every relationship between entities with its support count and properties, not its evidence:
// what the embedded store's adjacency index (kg/adjacency.py) is built from.
MATCH (a:Entity)-[x]->(b:Entity)
RETURN a.key AS src, label(x) AS type, b.key AS dst, size(x.articles) AS supports,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
