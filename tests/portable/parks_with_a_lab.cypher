// Parks a lab settled in (an EXISTS subquery).
MATCH (p:Park)
WHERE EXISTS { MATCH (p)<-[:SETTLED_IN]-(:Lab) }
RETURN p.name AS park
ORDER BY park
