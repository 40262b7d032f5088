UNWIND $rows AS r
MERGE (m:Meta {k: r.k})
SET m.v = r.v
