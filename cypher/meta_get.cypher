MATCH (m:Meta) RETURN m.k AS k, m.v AS v
