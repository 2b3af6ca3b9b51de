#!/bin/sh
# First start: what the official mariadb image does with MARIADB_ROOT_PASSWORD, MARIADB_DATABASE,
# MARIADB_USER and MARIADB_PASSWORD (or their MYSQL_* names), reduced to that. Names go into
# SQL and are held to a plain alphabet; passwords reach the server only hex-encoded (UNHEX),
# so no value is ever quoted by hand.
set -eu
DATADIR=/var/lib/mysql
ROOT_PW="${MARIADB_ROOT_PASSWORD:-${MYSQL_ROOT_PASSWORD:-}}"
DB="${MARIADB_DATABASE:-${MYSQL_DATABASE:-}}"
DB_USER="${MARIADB_USER:-${MYSQL_USER:-}}"
DB_PW="${MARIADB_PASSWORD:-${MYSQL_PASSWORD:-}}"

plain() {
  case "$2" in
    *[!A-Za-z0-9_.-]*) echo "docker-entrypoint: $1 may only hold A-Z a-z 0-9 _ . -" >&2; exit 1 ;;
  esac
}
plain MARIADB_DATABASE "$DB"
plain MARIADB_USER "$DB_USER"

hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }

mkdir -p /run/mysqld
chown mysql:mysql /run/mysqld "$DATADIR"

if [ "${1:-}" = "mariadbd" ] && [ ! -d "$DATADIR/mysql" ]; then
  [ -n "$ROOT_PW" ] || { echo "docker-entrypoint: MARIADB_ROOT_PASSWORD is required" >&2; exit 1; }
  echo "docker-entrypoint: initializing $DATADIR"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db >/dev/null
  sock=/run/mysqld/init.sock
  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$sock" &
  pid=$!
  i=0
  until mariadb-admin --socket="$sock" ping >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -lt 300 ] || { echo "docker-entrypoint: the server did not start" >&2; exit 1; }
    sleep 0.2
  done
  sql() { mariadb --socket="$sock" -uroot -N -B "$@"; }
  # mysql_native_password hashes: '*' and 40 hex digits, safe between quotes.
  pwhash() {
    h="$(sql -e "SELECT PASSWORD(UNHEX('$(hex "$1")'))")"
    case "$h" in \**) ;; *) echo "docker-entrypoint: no password hash" >&2; exit 1 ;; esac
    case "${h#?}" in '' | *[!0-9A-F]*) echo "docker-entrypoint: no password hash" >&2; exit 1 ;; esac
    printf '%s' "$h"
  }
  root_hash="$(pwhash "$ROOT_PW")"
  {
    # root@localhost keeps unix_socket (the healthcheck); over TCP root is root@'%'.
    echo "CREATE USER 'root'@'%' IDENTIFIED BY PASSWORD '$root_hash';"
    echo "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$DB" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"; fi
    if [ -n "$DB_USER" ] && [ -n "$DB_PW" ]; then
      echo "CREATE USER '$DB_USER'@'%' IDENTIFIED BY PASSWORD '$(pwhash "$DB_PW")';"
      if [ -n "$DB" ]; then echo "GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'%';"; fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | sql
  kill "$pid"
  wait "$pid" || true
  echo "docker-entrypoint: initialized"
fi

if [ "${1:-}" = "mariadbd" ]; then
  shift
  exec mariadbd --user=mysql --datadir="$DATADIR" "$@"
fi
exec "$@"
