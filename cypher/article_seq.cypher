// The highest sequence number an article has (null in an empty graph): a batch numbers its new
// articles from the next one, inside the write lock.
MATCH (a:Article)
RETURN max(a.seq) AS seq
