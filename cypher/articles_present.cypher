UNWIND $ids AS i
MATCH (a:Article {id: i})
RETURN a.id AS id
