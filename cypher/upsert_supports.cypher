UNWIND $rows AS r
MERGE (s:Support {id: r.id})
ON CREATE SET s.src = r.src, s.type = r.type, s.dst = r.dst, s.article = r.article, s.sentence = r.sentence,
              s.char_start = r.char_start, s.char_end = r.char_end, s.method = r.method, s.confidence = r.confidence
