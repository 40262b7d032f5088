MATCH (r:Redone)
RETURN r.id AS id
