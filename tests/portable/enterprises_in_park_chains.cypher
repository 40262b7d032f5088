// Enterprises in a park's chains: for each park, the enterprises in a chain the park hosts.
MATCH (p:Park)-[:HAS_CHAIN]->(c:Chain)<-[r:IN_CHAIN]-(e:Enterprise)
RETURN p.name AS park, c.name AS chain, e.name AS enterprise, r.role AS role
ORDER BY park, chain, enterprise
