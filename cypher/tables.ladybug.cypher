// The tables a store has (a new file has none, an old one may lack the newer ones).
CALL show_tables() RETURN name
