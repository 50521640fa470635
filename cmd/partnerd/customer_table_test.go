package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// customerTable opens the database PARTNERD_TEST_POSTGRES names as a
// customer's own, creates a table named after prefix with the columns
// given and drops it when the test ends. The test is skipped without the
// variable and otherwise runs in parallel.
func customerTable(t *testing.T, prefix, columns string) (db *pgx.Conn, dsn *url.URL, table string) {
	t.Helper()
	s := os.Getenv("PARTNERD_TEST_POSTGRES")
	if s == "" {
		t.Skip("PARTNERD_TEST_POSTGRES is not set")
	}
	t.Parallel()
	dsn, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	db, err = pgx.Connect(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	table = fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	if _, err := db.Exec(t.Context(), `CREATE TABLE `+table+` (`+columns+`)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(context.Background(), `DROP TABLE `+table) })
	return db, dsn, table
}

// customerMySQLTable does as customerTable for the MySQL database that
// PARTNERD_TEST_MYSQL names, which must give a password, as a connection
// needs one.
func customerMySQLTable(t *testing.T, prefix, columns string) (db *sql.DB, dsn *mysql.Config, table string) {
	t.Helper()
	s := os.Getenv("PARTNERD_TEST_MYSQL")
	if s == "" {
		t.Skip("PARTNERD_TEST_MYSQL is not set")
	}
	t.Parallel()
	dsn, err := mysql.ParseDSN(s)
	if err != nil {
		t.Fatal(err)
	}
	if dsn.Passwd == "" {
		t.Skip("PARTNERD_TEST_MYSQL has no password, which a connection needs")
	}
	if db, err = sql.Open("mysql", s); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	table = fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano())
	if _, err := db.ExecContext(t.Context(), `CREATE TABLE `+table+` (`+columns+`)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP TABLE ` + table) })
	return db, dsn, table
}
