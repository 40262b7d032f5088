CALL table_info("{TABLE}")
RETURN name, type
