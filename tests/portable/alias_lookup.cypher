// Find a park by one of its aliases.
MATCH (p:Park)
WHERE '测试湾' IN p.aliases OR p.name = '测试湾'
RETURN p.name AS park, size(p.aliases) AS aliases
ORDER BY park
