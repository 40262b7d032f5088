// The first statement of every write transaction. Writing this one node locks it until the
// transaction ends, so concurrent writers (two `kg ingest` runs on one Neo4j) take turns: each
// reads what the other committed before it decides what to create, and nothing is created twice.
MERGE (m:Meta {k: 'writer'})
SET m.v = $at
