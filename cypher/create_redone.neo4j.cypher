// kg reextract's mark that an article has its new facts (see create_redone.ladybug.cypher).
UNWIND $rows AS r
CREATE (:Redone {id: r.id, extractor: r.extractor})
