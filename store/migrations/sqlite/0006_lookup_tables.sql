-- Lookup tables: columns is the JSON array of the table's columns
-- ({"label","type"}, in order); row_count counts its rows, so that the cap
-- of a table is checked without counting them.
CREATE TABLE lookup_tables (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	columns TEXT NOT NULL,
	row_count INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX lookup_tables_workspace_id_name ON lookup_tables (workspace_id, name);
CREATE INDEX lookup_tables_folder_id ON lookup_tables (folder_id);

-- Lookup rows: the cell of the table's column N is colN. Each column has an
-- index on the first 200 characters of its cells, then the row id, so that
-- a lookup or a by[…] filter is one index seek whatever the table's size
-- or the row's position; a prefix keeps long cells within PostgreSQL's
-- limit on an index entry.
CREATE TABLE lookup_rows (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	table_id INTEGER NOT NULL REFERENCES lookup_tables (id) ON DELETE CASCADE,
	col1 TEXT,
	col2 TEXT,
	col3 TEXT,
	col4 TEXT,
	col5 TEXT,
	col6 TEXT,
	col7 TEXT,
	col8 TEXT,
	col9 TEXT,
	col10 TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX lookup_rows_table_id_id ON lookup_rows (table_id, id);
CREATE INDEX lookup_rows_col1 ON lookup_rows (table_id, substr(col1, 1, 200), id);
CREATE INDEX lookup_rows_col2 ON lookup_rows (table_id, substr(col2, 1, 200), id);
CREATE INDEX lookup_rows_col3 ON lookup_rows (table_id, substr(col3, 1, 200), id);
CREATE INDEX lookup_rows_col4 ON lookup_rows (table_id, substr(col4, 1, 200), id);
CREATE INDEX lookup_rows_col5 ON lookup_rows (table_id, substr(col5, 1, 200), id);
CREATE INDEX lookup_rows_col6 ON lookup_rows (table_id, substr(col6, 1, 200), id);
CREATE INDEX lookup_rows_col7 ON lookup_rows (table_id, substr(col7, 1, 200), id);
CREATE INDEX lookup_rows_col8 ON lookup_rows (table_id, substr(col8, 1, 200), id);
CREATE INDEX lookup_rows_col9 ON lookup_rows (table_id, substr(col9, 1, 200), id);
CREATE INDEX lookup_rows_col10 ON lookup_rows (table_id, substr(col10, 1, 200), id);
