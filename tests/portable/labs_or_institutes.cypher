// Labs and institutes and what they are affiliated with, if anything (a choice of labels).
MATCH (x:Lab|Institute)
OPTIONAL MATCH (x)-[:AFFILIATED_WITH]->(y)
RETURN x.type AS type, x.name AS name, y.name AS affiliated_with
ORDER BY type, name, affiliated_with
