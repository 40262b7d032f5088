MATCH (m:Meta {k: $k})
DELETE m
