#!/usr/bin/env bash
# Install the pgvector extension (>= 0.8.0, for HNSW iterative index scans)
# into the local PostgreSQL server, by default PostgreSQL 15.
#
# Order of attempts:
#   1. Exit at once if vector.control and vector.so for a new enough version
#      are already installed.
#   2. Install the postgresql-<major>-pgvector binary package if the
#      configured apt sources offer version 0.8.0 or newer (for example the
#      PostgreSQL project's own apt repository, or a newer Ubuntu release).
#   3. Build from the distribution's source package of a newer release:
#      Debian 12 has no pgvector package, so on Debian the default is the
#      source package of trixie (Debian 13). The deb-src entry uses the mirror
#      that the machine's own apt sources already use.
#
# The deb-src entry lives in its own file, SOURCE_LIST below, only while the
# script runs and is removed on exit, and its index is downloaded into a
# temporary directory, not /var/lib/apt/lists. A deb-src entry carries source
# packages only, so apt can never install a binary package from it.
#
# Ubuntu: the mirror and keyring are read the same way, the component is
# "universe" and the default source suite is the machine's own release. On
# Ubuntu, PostgreSQL 15 usually comes from the PostgreSQL project's apt
# repository, which also has the binary package, so attempt 2 applies.
# Otherwise set PGVECTOR_SOURCE_SUITE to an Ubuntu release that the mirror
# serves and that carries pgvector 0.8.0 or newer. An older source package
# fails the version check before the build.
# NOTE: the Ubuntu path has not been run; only Debian 12 has been tested.
#
# Usage: sudo scripts/setup-pgvector.sh [--verify]
#   --verify  also run the database check when pgvector is already installed
#
# Environment:
#   PG_MAJOR               PostgreSQL major version (default 15)
#   PG_CONFIG              pg_config of the target server
#                          (default /usr/lib/postgresql/$PG_MAJOR/bin/pg_config)
#   PGVECTOR_SOURCE_SUITE  release whose source package is built
#                          (default: trixie on Debian, own release on Ubuntu)
#   PGPORT                 port of the server for the database check (default 5432)
set -euo pipefail

readonly MIN_VERSION=0.8.0
readonly SOURCE_LIST=/etc/apt/sources.list.d/fisiorag-pgvector-src.list
readonly CHECK_DATABASE=fisiorag_pgvector_check
readonly CHECK_HOST=127.0.0.1

log() { printf 'setup-pgvector: %s\n' "$*" >&2; }
die() {
  printf 'setup-pgvector: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,/^set -euo pipefail$/{/^set /d;s/^# \{0,1\}//;p}' "$0"
}

verify_requested=0
for argument in "$@"; do
  case "$argument" in
    --verify) verify_requested=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$argument'; run with --help for usage" ;;
  esac
done

# True when version $1 >= version $2 (plain dotted upstream versions).
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

# Strips the epoch and the Debian revision: "1:0.8.0-1.pgdg120+1" -> "0.8.0".
upstream_version() {
  local version="${1#*:}"
  printf '%s\n' "${version%-*}"
}

# --- Target server -----------------------------------------------------------

PG_MAJOR="${PG_MAJOR:-15}"
if [[ -n "${PG_CONFIG:-}" ]]; then
  [[ -x "$PG_CONFIG" ]] || die "PG_CONFIG=$PG_CONFIG is not an executable file"
  pg_config_version="$("$PG_CONFIG" --version)" # "PostgreSQL 15.20 (Debian ...)"
  PG_MAJOR="$(awk '{ split($2, part, "."); print part[1] }' <<<"$pg_config_version")"
  [[ "$PG_MAJOR" =~ ^[0-9]+$ ]] ||
    die "cannot read the major version from '$PG_CONFIG --version' output: $pg_config_version"
else
  [[ "$PG_MAJOR" =~ ^[0-9]+$ ]] || die "PG_MAJOR must be a number, got '$PG_MAJOR'"
  PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
fi

# Prints the installed default_version of pgvector, or nothing when vector.control
# or vector.so is missing. The pg_config of the postgresql-client package is
# enough here, so this works before postgresql-server-dev is installed.
installed_version() {
  [[ -x "$PG_CONFIG" ]] || return 0
  local control_file library_file
  control_file="$("$PG_CONFIG" --sharedir)/extension/vector.control"
  library_file="$("$PG_CONFIG" --pkglibdir)/vector.so"
  [[ -f "$control_file" && -f "$library_file" ]] || return 0
  sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$control_file"
}

# --- Database check ----------------------------------------------------------

check_database_created=0

drop_check_database() {
  PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -v ON_ERROR_STOP=1 -U postgres -h "$CHECK_HOST" -d postgres \
    -c "DROP DATABASE IF EXISTS $CHECK_DATABASE WITH (FORCE)" >/dev/null
}

# Creates the extension in a scratch database and runs an HNSW query with
# iterative index scans, which pgvector supports from 0.8.0 on.
verify_in_database() {
  local server_version_num server_major check_output extension_version

  server_version_num="$(psql -X -At -U postgres -h "$CHECK_HOST" -d postgres \
    -c 'SHOW server_version_num' 2>&1)" ||
    die "cannot connect to PostgreSQL as postgres on $CHECK_HOST:${PGPORT:-5432}: $server_version_num
Start the server (on Debian: pg_ctlcluster --skip-systemctl-redirect $PG_MAJOR main start) and rerun with --verify."
  server_major=$((server_version_num / 10000))
  [[ "$server_major" == "$PG_MAJOR" ]] ||
    die "the server on $CHECK_HOST:${PGPORT:-5432} is PostgreSQL $server_major, but pgvector was installed for PostgreSQL $PG_MAJOR; set PGPORT to the port of the $PG_MAJOR server"

  log "checking the extension in scratch database $CHECK_DATABASE"
  drop_check_database
  psql -X -q -v ON_ERROR_STOP=1 -U postgres -h "$CHECK_HOST" -d postgres \
    -c "CREATE DATABASE $CHECK_DATABASE" >/dev/null
  check_database_created=1

  # Loading the library first matters: before vector.so is loaded, SET accepts
  # any hnsw.* name as a placeholder, so an old pgvector would pass the SET.
  # The query output is "<extension version>|<number of rows found>".
  check_output="$(psql -X -At -v ON_ERROR_STOP=1 -U postgres -h "$CHECK_HOST" \
    -d "$CHECK_DATABASE" 2>&1 <<'SQL'
\set QUIET on
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE items (id integer PRIMARY KEY, embedding vector(3));
INSERT INTO items SELECT i, ARRAY[i, i % 7, i % 3]::vector FROM generate_series(1, 200) AS i;
CREATE INDEX ON items USING hnsw (embedding vector_l2_ops);
SET hnsw.iterative_scan = relaxed_order;
SET enable_seqscan = off;
SELECT count(*) AS nearest_count
FROM (SELECT id FROM items ORDER BY embedding <-> '[5,5,1]' LIMIT 5) AS nearest \gset
SELECT extversion || '|' || :nearest_count FROM pg_extension WHERE extname = 'vector';
SQL
  )" || {
    if grep -q 'hnsw.iterative_scan' <<<"$check_output"; then
      die "SET hnsw.iterative_scan = relaxed_order failed, so the pgvector in the server is older than $MIN_VERSION: $check_output"
    fi
    die "the database check failed: $check_output"
  }
  extension_version="${check_output%|*}"
  [[ "${check_output#*|}" == 5 ]] ||
    die "the HNSW query with iterative scan returned '${check_output#*|}' rows, expected 5"

  drop_check_database
  check_database_created=0
  log "CREATE EXTENSION vector and SET hnsw.iterative_scan = relaxed_order work (extension version $extension_version)"
}

# --- Cleanup -------------------------------------------------------------------

source_list_written=0
work_directory=""
cleanup() {
  local status=$?
  if ((source_list_written)); then rm -f "$SOURCE_LIST"; fi
  if [[ -n "$work_directory" ]]; then rm -rf "$work_directory"; fi
  if ((check_database_created)); then drop_check_database || true; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Fast path -----------------------------------------------------------------

current_version="$(installed_version)"
if [[ -n "$current_version" ]] && version_ge "$current_version" "$MIN_VERSION"; then
  log "pgvector $current_version is already installed for PostgreSQL $PG_MAJOR ($("$PG_CONFIG" --sharedir)/extension/vector.control); nothing to build"
  if ((verify_requested)); then verify_in_database; fi
  exit 0
fi
if [[ -n "$current_version" ]]; then
  log "pgvector $current_version is installed for PostgreSQL $PG_MAJOR but $MIN_VERSION or newer is required; installing a newer version"
fi

# --- Preconditions for installing ---------------------------------------------

[[ "$(id -u)" == 0 ]] || die "installing needs root (apt-get and make install); rerun with sudo"
command -v apt-get >/dev/null || die "apt-get not found; this script supports Debian and Ubuntu only"
[[ -r /etc/os-release ]] || die "/etc/os-release is missing; cannot tell the distribution"
# shellcheck source=/dev/null
. /etc/os-release
case "${ID:-}" in
  debian)
    codename="${VERSION_CODENAME:-}"
    default_source_suite=trixie
    source_component=main
    archive_keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    ;;
  ubuntu)
    codename="${UBUNTU_CODENAME:-${VERSION_CODENAME:-}}"
    default_source_suite="$codename"
    source_component=universe
    archive_keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg
    ;;
  *) die "unsupported distribution '${ID:-unknown}' in /etc/os-release; this script supports Debian and Ubuntu only" ;;
esac
[[ -n "$codename" ]] || die "/etc/os-release has no release codename (VERSION_CODENAME)"
source_suite="${PGVECTOR_SOURCE_SUITE:-$default_source_suite}"

export DEBIAN_FRONTEND=noninteractive

# --- apt helpers ---------------------------------------------------------------

apt_lists_updated=0
apt_update_all() {
  ((apt_lists_updated)) && return 0
  log "running apt-get update"
  apt-get update -q >&2 || die "apt-get update failed; see the apt output above"
  apt_lists_updated=1
}

# Prints the candidate version of a binary package, or nothing if there is none.
candidate_version() {
  apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

# Installs the packages that are not installed yet. Passing installed ones
# to apt-get install would upgrade them (dpkg-dev pulls in a new dpkg).
apt_install() {
  local package
  local -a missing=()
  for package in "$@"; do
    dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'ok installed' ||
      missing+=("$package")
  done
  ((${#missing[@]})) || return 0

  if apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    return 0
  fi
  # Stale package lists fail with 404 errors; refresh them once and retry.
  ((apt_lists_updated)) && die "apt-get install ${missing[*]} failed"
  apt_update_all
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
    die "apt-get install ${missing[*]} failed"
}

# A machine on which apt-get update never ran has no package lists at all.
if [[ -z "$(candidate_version "postgresql-server-dev-$PG_MAJOR")" ]]; then
  apt_update_all
fi

# --- Attempt 2: binary package from the configured apt sources ------------------

binary_package="postgresql-$PG_MAJOR-pgvector"
binary_candidate="$(candidate_version "$binary_package")"
if [[ -n "$binary_candidate" ]] && version_ge "$(upstream_version "$binary_candidate")" "$MIN_VERSION"; then
  # NOTE: this branch has never been run, because the Debian 12 sources have no pgvector package.
  log "installing $binary_package $binary_candidate from the configured apt sources"
  # A plain apt-get install, not apt_install, so an installed older version is upgraded.
  apt-get install -y -q --no-install-recommends "$binary_package" >&2 ||
    die "apt-get install $binary_package failed"
  verify_in_database
  log "done: pgvector $(installed_version) installed from $binary_package"
  exit 0
fi
if [[ -n "$binary_candidate" ]]; then
  log "the apt sources offer $binary_package $binary_candidate only, older than $MIN_VERSION; building from the $source_suite source package"
fi

# A make install over files of an installed, older binary package would leave
# dpkg's view wrong, and the next apt upgrade of that package would undo it.
if dpkg-query -W -f '${Status}' "$binary_package" 2>/dev/null | grep -q 'ok installed'; then
  die "$binary_package $(dpkg-query -W -f '${Version}' "$binary_package") is installed from apt but does not provide pgvector $MIN_VERSION or newer; remove it (apt-get remove $binary_package) and rerun"
fi

# --- Attempt 3: build from the source package of a newer release ---------------

# Prints "URI<TAB>Signed-By" of the first enabled binary ("deb") entry for the
# suite $1 in the machine's apt sources, in one-line (.list) or deb822
# (.sources) format. Signed-By is printed only when it is a file path.
find_mirror() {
  local suite="$1" file
  local -a list_files=() deb822_files=()
  [[ -f /etc/apt/sources.list ]] && list_files+=(/etc/apt/sources.list)
  for file in /etc/apt/sources.list.d/*.list; do
    [[ -f "$file" && "$file" != "$SOURCE_LIST" ]] && list_files+=("$file")
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] && deb822_files+=("$file")
  done

  if ((${#list_files[@]})); then
    awk -v suite="$suite" '
      /^[[:space:]]*deb[[:space:]]/ {
        line = $0
        sub(/^[[:space:]]*deb[[:space:]]+/, "", line)
        signed_by = ""
        if (line ~ /^\[/) {
          options = substr(line, 2, index(line, "]") - 2)
          line = substr(line, index(line, "]") + 1)
          count = split(options, option, /[[:space:]]+/)
          for (i = 1; i <= count; i++)
            if (option[i] ~ /^signed-by=\//) signed_by = substr(option[i], 11)
        }
        sub(/^[[:space:]]+/, "", line)
        split(line, field, /[[:space:]]+/)
        if (field[2] == suite && field[1] !~ /^cdrom:/) { print field[1] "\t" signed_by; exit }
      }' "${list_files[@]}" | head -n 1
  fi | grep . && return 0

  ((${#deb822_files[@]})) || return 0
  for file in "${deb822_files[@]}"; do
    awk -v suite="$suite" '
      function check_stanza() {
        if (!found && (" " types " ") ~ / deb / && enabled != "no" &&
            (" " suites " ") ~ (" " suite " ") && uris !~ /^cdrom:/) {
          split(uris, uri, /[[:space:]]+/)
          print uri[1] "\t" signed_by
          found = 1
        }
        types = uris = suites = signed_by = enabled = ""
      }
      /^#/ { next }
      /^[[:space:]]*$/ { check_stanza(); next }
      /^[[:space:]]/ { next }
      {
        key = tolower(substr($0, 1, index($0, ":") - 1))
        value = substr($0, index($0, ":") + 1)
        gsub(/^[[:space:]]+|[[:space:]]+$/, "", value)
        if (key == "types") types = value
        else if (key == "uris") uris = value
        else if (key == "suites") suites = value
        else if (key == "enabled") enabled = tolower(value)
        else if (key == "signed-by" && value ~ /^\//) signed_by = value
      }
      END { check_stanza() }' "$file"
  done | head -n 1
}

log "installing build dependencies"
apt_install "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev
[[ -x "$PG_CONFIG" ]] || die "$PG_CONFIG is missing after installing postgresql-server-dev-$PG_MAJOR"

mirror_entry="$(find_mirror "$codename")"
[[ -n "$mirror_entry" ]] ||
  die "no enabled 'deb' entry for suite '$codename' in /etc/apt/sources.list or /etc/apt/sources.list.d/*.list|*.sources; cannot tell which mirror to take the $source_suite source package from"
mirror_uri="${mirror_entry%%$'\t'*}"
entry_keyring="${mirror_entry#*$'\t'}"
# The distribution's full archive keyring also holds the keys of newer
# releases, which a keyring file for one release may not.
if [[ -f "$archive_keyring" ]]; then
  keyring="$archive_keyring"
else
  keyring="$entry_keyring"
fi
log "using mirror $mirror_uri (from the entry for $codename) for the $source_suite source package"

work_directory="$(mktemp -d /tmp/fisiorag-pgvector.XXXXXX)"
# apt downloads as the unprivileged _apt user, which needs write access.
mkdir -p "$work_directory/lists/partial"
if id _apt >/dev/null 2>&1; then chown -R _apt "$work_directory"; fi

source_list_written=1
{
  echo "# Written by FisioRAG scripts/setup-pgvector.sh; removed when it exits."
  if [[ -n "$keyring" ]]; then
    echo "deb-src [signed-by=$keyring] $mirror_uri $source_suite $source_component"
  else
    echo "deb-src $mirror_uri $source_suite $source_component"
  fi
} >"$SOURCE_LIST"

# apt reads only this list, keeps its index in the work directory and builds
# no package cache, so the machine's own package lists stay as they were.
apt_source_options=(
  -o Dir::Etc::sourcelist="$SOURCE_LIST"
  -o Dir::Etc::sourceparts=-
  -o Dir::State::Lists="$work_directory/lists"
  -o Dir::Cache::pkgcache=
  -o Dir::Cache::srcpkgcache=
)

log "running apt-get update for $SOURCE_LIST only"
apt-get update -q "${apt_source_options[@]}" >&2 ||
  die "apt-get update of $SOURCE_LIST failed (a NO_PUBKEY error means $keyring lacks the $source_suite release key; upgrade the keyring package)"

log "downloading the pgvector source package from $source_suite"
cd "$work_directory"
apt-get source -q "${apt_source_options[@]}" "pgvector/$source_suite" >&2 ||
  die "no pgvector source package found in $source_suite ($mirror_uri, component $source_component); set PGVECTOR_SOURCE_SUITE to a release that carries pgvector $MIN_VERSION or newer"

source_directory="$(find "$work_directory" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)"
[[ -n "$source_directory" && -f "$source_directory/vector.control" ]] ||
  die "apt-get source did not unpack a pgvector source tree into $work_directory"
source_version="$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" "$source_directory/vector.control")"
version_ge "$source_version" "$MIN_VERSION" ||
  die "the $source_suite source package has pgvector $source_version, older than $MIN_VERSION; set PGVECTOR_SOURCE_SUITE to a newer release"

# OPTFLAGS= is the portable build that pgvector's Makefile documents: no
# -march=native, so the library also runs on a machine with another CPU.
log "building pgvector $source_version with $PG_CONFIG"
make -C "$source_directory" -j "$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS= >&2
make -C "$source_directory" install PG_CONFIG="$PG_CONFIG" OPTFLAGS= >&2

installed="$(installed_version)"
[[ "$installed" == "$source_version" ]] ||
  die "after make install, vector.control reports version '${installed:-none}', expected $source_version"

verify_in_database
log "done: pgvector $installed built from the $source_suite source package and installed for PostgreSQL $PG_MAJOR"
