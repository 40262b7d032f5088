// The start of kg reextract: every article is to be redone.
MATCH (a:Article)
SET a.extractor = NULL
RETURN count(*) AS n
