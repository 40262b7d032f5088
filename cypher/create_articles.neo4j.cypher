UNWIND $rows AS r
CREATE (:Article {id: r.id, source: r.source, title: r.title, date: r.date, ingested_at: r.ingested_at, text: r.text,
                 extractor: r.extractor, seq: r.seq, residue: r.residue})
