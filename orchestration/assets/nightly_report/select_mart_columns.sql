-- Tables and views of the marts schema with their columns: which panels can be drawn.
select table_name, column_name
from information_schema.columns
where table_schema = %(schema)s
order by table_name, ordinal_position
