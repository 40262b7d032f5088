// What the ingest bench compares, besides `kg stats`, to check that its baseline wrote the
// same graph as `kg ingest`: aliases, mentions, and the article texts' length.
MATCH (x:Alias)
WITH count(x) AS aliases
OPTIONAL MATCH (:Article)-[m:MENTIONS]->(:Entity)
WITH aliases, count(m) AS mentions, sum(m.count) AS mentioned
OPTIONAL MATCH (a:Article)
RETURN aliases, mentions, mentioned, sum(size(a.text)) AS text
