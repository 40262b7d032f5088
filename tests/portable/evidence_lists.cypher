// Facts asserted by more than one article, with their first sentence and the rule that found it.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE size(r.articles) > 1
RETURN a.name AS source, type(r) AS type, b.name AS target, size(r.articles) AS supports,
       r.sentences[0] AS first_sentence, r.methods[1] AS second_method
ORDER BY source, type, target
