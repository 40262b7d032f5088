// The shortest path itself, with Neo4j's shortestPath().
// only neo4j: Ladybug has no shortestPath(); it writes -[* SHORTEST 1..4]- instead. For the same answer on both, ask for min(length(p)) over -[*1..4]- (shortest_path_length.cypher)
MATCH p = shortestPath((a:Lab {name: '星河量子重点实验室'})-[*..4]-(b:Enterprise {name: '东篱软件有限公司'}))
RETURN length(p) AS hops
