// Labs, tested with a label predicate in WHERE.
// only neo4j: Ladybug has no label predicates (x:Lab) in expressions; write x.type = 'Lab', or put the label in the pattern
MATCH (x:Entity) WHERE x:Lab
RETURN x.name AS name ORDER BY name
