// Parks as maps.
// only neo4j: Ladybug has no map projection (p {.name}); return the properties as columns
MATCH (p:Park)
RETURN p {.name, .type} AS park ORDER BY park.name
