// Which parks host the 人工智能 chain, and how many articles say so?
MATCH (p:Park)-[r:HAS_CHAIN]->(c:Chain {name: '人工智能'})
RETURN p.name AS park, size(r.articles) AS articles
ORDER BY articles DESC, park
