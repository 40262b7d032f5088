// Every article with everything it holds (kg backup, kg check).
MATCH (a:Article)
RETURN a.id AS id, a.source AS source, a.title AS title, a.date AS date, a.ingested_at AS ingested_at, a.text AS text,
       a.extractor AS extractor, a.seq AS seq, a.residue AS residue
ORDER BY a.seq, a.id
