// Each support of a relationship by position, indexing with a variable.
// only neo4j: only literal indexes are translated (Ladybug counts from 1): r.sentences[i] with i from range(0, …) reads the next item on Ladybug, and fails at the end; UNWIND the list itself, or write r.sentences[i + 1] for Ladybug
MATCH (x:Lab)-[r:SETTLED_IN]->(p:Park)
UNWIND range(0, size(r.articles) - 1) AS i
RETURN x.name AS name, i, r.articles[i] AS article ORDER BY name, i
