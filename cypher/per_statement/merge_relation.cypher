// The ingest bench's baseline: one article's support for one relationship, added to the
// relationship's provenance lists (created with the first).
MATCH (a:Entity {key: $from}), (b:Entity {key: $to})
MERGE (a)-[x:{TYPE}]->(b)
ON CREATE SET x.articles = [$article], x.sentences = [$sentence], x.char_starts = [$start], x.char_ends = [$end],
              x.methods = [$method], x.confidences = [$confidence], x.confidence = $confidence,
              x.date = $date, x.`rank` = $rank, x.year = $year, x.kind = $kind, x.role = $role
ON MATCH SET x.articles = x.articles + $article, x.sentences = x.sentences + $sentence,
             x.char_starts = x.char_starts + $start, x.char_ends = x.char_ends + $end,
             x.methods = x.methods + $method, x.confidences = x.confidences + $confidence,
             x.confidence = CASE WHEN $confidence > x.confidence THEN $confidence ELSE x.confidence END,
             x.date = coalesce(x.date, $date), x.`rank` = coalesce(x.`rank`, $rank), x.year = coalesce(x.year, $year),
             x.kind = coalesce(x.kind, $kind), x.role = coalesce(x.role, $role)
