// The park's neighbours ranked by how connected they are in the whole graph (degree).
// (OPTIONAL MATCH expands each neighbour on its own; a second MATCH here made Ladybug join
// every relationship: 230 ms against 10 ms next to a hub of a 1M-relationship graph.)
// $park (entity Park): the park's name or one of its aliases (合肥高新区)
// $limit (int, optional = 20): how many to return (5)
MATCH (p:Entity&Park {key: $park})-[]-(x:Entity)
WITH DISTINCT x
OPTIONAL MATCH (x)-[r]-(:Entity)
RETURN x.name AS name, x.type AS type, count(r) AS degree
ORDER BY degree DESC, name
LIMIT $limit
