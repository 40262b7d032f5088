MATCH (:Entity)-[x]->(:Entity)
RETURN type(x) AS type, count(*) AS n, sum(size(x.articles)) AS supports
