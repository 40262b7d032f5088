// How many articles each extractor version produced the facts of (null: none yet, or from
// before versions were recorded).
MATCH (a:Article)
RETURN a.extractor AS extractor, count(*) AS n
