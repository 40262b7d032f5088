MATCH (:Entity)-[x]->(:Entity)
RETURN type(x) AS type, count(*) AS n
