// Who is one hop from the given entities, over the given relationship types, capped.
// `key IN $keys` filters one scan of the entities; `UNWIND $keys … {key: k}` here joins the
// whole entity table per call and ran 20× slower on a 90k-entity graph.
MATCH (a:Entity)-[x]-(b:Entity)
WHERE a.key IN $keys AND label(x) IN $types
RETURN a.key AS near, b.key AS far, label(x) AS type
LIMIT $limit
