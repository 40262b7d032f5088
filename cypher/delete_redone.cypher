MATCH (r:Redone)
DELETE r
