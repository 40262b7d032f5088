UNWIND $keys AS k
MATCH (a:Entity {key: k})-[x]-(b:Entity)
RETURN a.key AS near, b.key AS far, label(x) AS type
