MATCH (:Entity)-[x]->(:Entity)
RETURN label(x) AS type, count(*) AS n, sum(size(x.articles)) AS supports
