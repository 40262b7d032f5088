// Follow each lab's settlement to the articles that assert it (UNWIND over the evidence list).
MATCH (l:Lab)-[r:SETTLED_IN]->(p:Park)
UNWIND r.articles AS id
MATCH (a:Article {id: id})
RETURN l.name AS lab, p.name AS park, a.id AS article, a.title AS title, a.date AS date
ORDER BY lab, park, article
