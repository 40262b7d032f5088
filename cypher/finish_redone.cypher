// The end of kg reextract: every article marked Redone records its extractor version.
MATCH (r:Redone)
MATCH (a:Article {id: r.id})
SET a.extractor = r.extractor
RETURN count(*) AS n
