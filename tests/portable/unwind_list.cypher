// For a list of types, how many of each settled anywhere (UNWIND over a literal list)?
UNWIND ['Lab', 'Institute', 'Enterprise', 'University'] AS t
OPTIONAL MATCH (x:Entity {type: t})-[:SETTLED_IN]->(:Park)
RETURN t AS type, count(DISTINCT x) AS settled
ORDER BY type
