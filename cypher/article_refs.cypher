// Every article without its text: what the embedded store holds in memory to cite supports.
MATCH (a:Article)
RETURN a.id AS id, a.title AS title, a.date AS date, a.source AS source
