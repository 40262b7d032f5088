// Every park with the number of chains it hosts, parks with none included (OPTIONAL MATCH).
MATCH (p:Park)
OPTIONAL MATCH (p)-[:HAS_CHAIN]->(c:Chain)
RETURN p.name AS park, count(c) AS chains
ORDER BY park
