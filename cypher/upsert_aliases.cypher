UNWIND $rows AS r
MERGE (x:Alias {id: r.id})
SET x.key = r.key
