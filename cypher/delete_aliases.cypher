UNWIND $ids AS i
MATCH (x:Alias {id: i})
USING INDEX SEEK x:Alias(id)
DELETE x
