UNWIND $ids AS i
MATCH (x:Alias {id: i})
RETURN x.id AS id, x.key AS key
