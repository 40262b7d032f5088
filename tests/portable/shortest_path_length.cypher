// How many hops apart are a lab and an enterprise (shortest path over the ontology's relationships)?
MATCH p = (a:Lab {name: '星河量子重点实验室'})-[:SETTLED_IN|LOCATED_IN|HAS_CHAIN|IN_CHAIN|AFFILIATED_WITH|COOPERATES_WITH|RANKED_IN*1..4]-(b:Enterprise {name: '东篱软件有限公司'})
RETURN min(length(p)) AS hops
