MATCH (a:Article)
WITH count(a) AS articles
OPTIONAL MATCH (s:Support)
RETURN articles, count(s) AS supports
