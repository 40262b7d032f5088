// Which enterprises work in the 人工智能 chain, in what role?
MATCH (e:Enterprise)-[r:IN_CHAIN]->(c:Chain {name: '人工智能'})
RETURN e.name AS enterprise, r.role AS role
ORDER BY enterprise
