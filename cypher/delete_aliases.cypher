UNWIND $ids AS i
MATCH (x:Alias {id: i})
DELETE x
