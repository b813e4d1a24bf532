#!/usr/bin/env bash
# Drop and create the fisiorag_test database with its two login roles, and
# print the connection URLs that the integration tests read.
#
#   fisiorag_owner  LOGIN CREATEROLE NOSUPERUSER: owns the database and runs
#                   the migrations. The migrations create the fisiorag_app role
#                   and grant it to fisiorag_api, which needs CREATEROLE.
#   fisiorag_api    LOGIN NOSUPERUSER NOBYPASSRLS: the application's role, so
#                   row-level security policies apply to it.
#
# Roles are cluster-wide and are created only when missing. Each run resets
# their password and the attributes above, drops the database (closing open
# connections) and creates it again. The vector and unaccent extensions are
# created as superuser because pgvector's control file does not mark it
# trusted, so the non-superuser owner could not create it.
# NOTE: before PostgreSQL 16, CREATEROLE also allows granting membership in
# predefined roles such as pg_execute_server_program (checked on 15.20), so
# fisiorag_owner can make itself nearly a superuser. Use these roles for test
# databases only.
#
# Usage:
#   scripts/prepare-test-database.sh
#   set -a; eval "$(scripts/prepare-test-database.sh)"; set +a
# Only the two NAME=URL lines go to standard output; progress goes to
# standard error.
#
# Environment:
#   TEST_DATABASE_ADMIN_URL  superuser connection URL, over TCP
#                            (default postgres://postgres@127.0.0.1:5432/postgres)
#   TEST_DATABASE_NAME       database to recreate (default fisiorag_test), so that
#                            several test runs can work side by side
set -euo pipefail

readonly DATABASE="${TEST_DATABASE_NAME:-fisiorag_test}"
if [[ ! "$DATABASE" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
  echo "prepare-test-database: TEST_DATABASE_NAME must be a lowercase SQL identifier, got '$DATABASE'" >&2
  exit 1
fi
readonly OWNER_ROLE=fisiorag_owner
readonly OWNER_PASSWORD=fisiorag_owner
readonly API_ROLE=fisiorag_api
readonly API_PASSWORD=fisiorag_api
readonly MIN_VECTOR_VERSION=0.8.0

ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

log() { printf 'prepare-test-database: %s\n' "$*" >&2; }
die() {
  printf 'prepare-test-database: error: %s\n' "$*" >&2
  exit 1
}

# True when version $1 >= version $2 (plain dotted versions).
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

command -v psql >/dev/null || die "psql not found; install the PostgreSQL client (apt-get install postgresql-client)"

admin_psql() {
  psql -X -q -v ON_ERROR_STOP=1 --dbname="$ADMIN_URL" "$@"
}

# --- Admin connection --------------------------------------------------------

# One line: host|port|is superuser|available vector version|unaccent available.
# The URL is not echoed in errors because it may contain a password.
server_facts="$(admin_psql -At <<'SQL' 2>&1
SELECT :'HOST' || '|' || :'PORT' || '|' || r.rolsuper
  || '|' || coalesce((SELECT default_version FROM pg_available_extensions WHERE name = 'vector'), '')
  || '|' || EXISTS (SELECT FROM pg_available_extensions WHERE name = 'unaccent')
FROM pg_roles AS r
WHERE r.rolname = current_user;
SQL
)" || die "cannot connect with TEST_DATABASE_ADMIN_URL: $server_facts"

IFS='|' read -r host port is_superuser vector_version has_unaccent <<<"$server_facts"

[[ "$is_superuser" == true ]] ||
  die "the TEST_DATABASE_ADMIN_URL role is not a superuser; it must be, to create roles and the vector extension"
[[ "$host" != /* ]] ||
  die "TEST_DATABASE_ADMIN_URL connects through the Unix socket $host; give a TCP host such as 127.0.0.1, because the printed URLs use the same host and port"
[[ -n "$vector_version" ]] ||
  die "the pgvector extension is not installed on the server at $host:$port; run scripts/setup-pgvector.sh as root"
version_ge "$vector_version" "$MIN_VECTOR_VERSION" ||
  die "the server at $host:$port has pgvector $vector_version, but $MIN_VECTOR_VERSION or newer is required; run scripts/setup-pgvector.sh as root"
[[ "$has_unaccent" == true ]] ||
  die "the unaccent extension is not available on the server at $host:$port; install the PostgreSQL contrib package (postgresql-contrib)"

# An IPv6 address needs brackets inside a URL.
url_host="$host"
if [[ "$url_host" == *:* ]]; then url_host="[$url_host]"; fi

# --- Roles, database and extensions -------------------------------------------

log "creating roles $OWNER_ROLE and $API_ROLE if missing, and recreating database $DATABASE on $host:$port"
admin_psql <<SQL
SET client_min_messages = warning;

DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$OWNER_ROLE') THEN
    CREATE ROLE $OWNER_ROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$API_ROLE') THEN
    CREATE ROLE $API_ROLE;
  END IF;
END
\$\$;
ALTER ROLE $OWNER_ROLE LOGIN NOSUPERUSER CREATEROLE PASSWORD '$OWNER_PASSWORD';
ALTER ROLE $API_ROLE LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '$API_PASSWORD';

DROP DATABASE IF EXISTS $DATABASE WITH (FORCE);
CREATE DATABASE $DATABASE OWNER $OWNER_ROLE TEMPLATE template0 ENCODING 'UTF8';

\connect $DATABASE
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS unaccent;
SQL

# --- Check the logins -----------------------------------------------------------

test_database_url="postgres://$API_ROLE:$API_PASSWORD@$url_host:$port/$DATABASE"
migrations_database_url="postgres://$OWNER_ROLE:$OWNER_PASSWORD@$url_host:$port/$DATABASE"

# Prints "user|superuser|createrole|bypassrls|extensions" as seen through $1.
describe_login() {
  psql -X -At -v ON_ERROR_STOP=1 --dbname="$1" 2>&1 <<'SQL'
SELECT r.rolname || '|' || r.rolsuper || '|' || r.rolcreaterole || '|' || r.rolbypassrls
  || '|' || (SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension)
FROM pg_roles AS r
WHERE r.rolname = current_user;
SQL
}

owner_facts="$(describe_login "$migrations_database_url")" ||
  die "login as $OWNER_ROLE to $DATABASE failed: $owner_facts"
[[ "$owner_facts" == "$OWNER_ROLE|false|true|"*"|plpgsql,unaccent,vector" ]] ||
  die "$OWNER_ROLE in $DATABASE has unexpected attributes or extensions: expected superuser false, createrole true and extensions plpgsql,unaccent,vector, got user|superuser|createrole|bypassrls|extensions = $owner_facts"

api_facts="$(describe_login "$test_database_url")" ||
  die "login as $API_ROLE to $DATABASE failed: $api_facts"
[[ "$api_facts" == "$API_ROLE|false|"*"|false|plpgsql,unaccent,vector" ]] ||
  die "$API_ROLE in $DATABASE has unexpected attributes or extensions: expected superuser false, bypassrls false and extensions plpgsql,unaccent,vector, got user|superuser|createrole|bypassrls|extensions = $api_facts"

log "database $DATABASE is ready (pgvector $vector_version, unaccent); $OWNER_ROLE and $API_ROLE can log in"
printf 'TEST_DATABASE_URL=%s\n' "$test_database_url"
printf 'TEST_MIGRATIONS_DATABASE_URL=%s\n' "$migrations_database_url"
