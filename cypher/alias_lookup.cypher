UNWIND $ids AS i
MATCH (x:Alias {id: i})
USING INDEX SEEK x:Alias(id)
RETURN x.id AS id, x.key AS key
