MATCH (s:Support)
RETURN s.src AS src, s.type AS type, s.dst AS dst, s.article AS article, s.sentence AS sentence,
       s.char_start AS char_start, s.char_end AS char_end, s.method AS method, s.confidence AS confidence
