// Partners of partners: who an entity could reach through one cooperation in between.
MATCH (a:Entity)-[:COOPERATES_WITH]-(b:Entity)-[:COOPERATES_WITH]-(c:Entity)
WHERE a.key <> c.key
RETURN a.name AS entity, b.name AS via, c.name AS partner_of_partner
ORDER BY entity, via, partner_of_partner
