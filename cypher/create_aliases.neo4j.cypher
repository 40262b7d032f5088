UNWIND $rows AS r
CREATE (:Alias {id: r.id, key: r.key})
