#!/bin/sh
# The official image's `healthcheck.sh --connect --innodb_initialized`, reduced: healthy once the
# server answers on its socket with InnoDB up (the options are accepted and implied).
exec mariadb --no-defaults --socket=/run/mysqld/mysqld.sock -uroot -e "SELECT 1 FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB' AND SUPPORT IN ('YES', 'DEFAULT')" >/dev/null 2>&1
