-- A row indexes only the cells it has: the column indexes leave out NULL
-- cells, so that a row of a narrow table writes one index entry per column
-- it uses. A lookup's condition col = ? implies col IS NOT NULL.
DROP INDEX lookup_rows_col1;
CREATE INDEX lookup_rows_col1 ON lookup_rows (table_id, substr(col1, 1, 200), id) WHERE col1 IS NOT NULL;
DROP INDEX lookup_rows_col2;
CREATE INDEX lookup_rows_col2 ON lookup_rows (table_id, substr(col2, 1, 200), id) WHERE col2 IS NOT NULL;
DROP INDEX lookup_rows_col3;
CREATE INDEX lookup_rows_col3 ON lookup_rows (table_id, substr(col3, 1, 200), id) WHERE col3 IS NOT NULL;
DROP INDEX lookup_rows_col4;
CREATE INDEX lookup_rows_col4 ON lookup_rows (table_id, substr(col4, 1, 200), id) WHERE col4 IS NOT NULL;
DROP INDEX lookup_rows_col5;
CREATE INDEX lookup_rows_col5 ON lookup_rows (table_id, substr(col5, 1, 200), id) WHERE col5 IS NOT NULL;
DROP INDEX lookup_rows_col6;
CREATE INDEX lookup_rows_col6 ON lookup_rows (table_id, substr(col6, 1, 200), id) WHERE col6 IS NOT NULL;
DROP INDEX lookup_rows_col7;
CREATE INDEX lookup_rows_col7 ON lookup_rows (table_id, substr(col7, 1, 200), id) WHERE col7 IS NOT NULL;
DROP INDEX lookup_rows_col8;
CREATE INDEX lookup_rows_col8 ON lookup_rows (table_id, substr(col8, 1, 200), id) WHERE col8 IS NOT NULL;
DROP INDEX lookup_rows_col9;
CREATE INDEX lookup_rows_col9 ON lookup_rows (table_id, substr(col9, 1, 200), id) WHERE col9 IS NOT NULL;
DROP INDEX lookup_rows_col10;
CREATE INDEX lookup_rows_col10 ON lookup_rows (table_id, substr(col10, 1, 200), id) WHERE col10 IS NOT NULL;
