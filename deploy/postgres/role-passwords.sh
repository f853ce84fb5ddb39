#!/usr/bin/env bash
# Sets each service role's password (created by roles.sql) from INTAKE_DB_PASSWORD, SYNC_DB_PASSWORD,
# DELIVERY_DB_PASSWORD and POLLER_DB_PASSWORD. Run by the postgres image at the first start of an empty volume
# (docker-compose.yml); by hand: POSTGRES_USER=... POSTGRES_DB=... deploy/postgres/role-passwords.sh
set -euo pipefail
for service in intake sync delivery poller; do
    var="${service^^}_DB_PASSWORD"
    [[ -n ${!var:-} ]] || { echo "role-passwords: $var is not set" >&2; exit 1; }
    psql -v ON_ERROR_STOP=1 -q --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-tillsync}" \
        -v pw="${!var}" -c "ALTER ROLE tillsync_$service PASSWORD :'pw'"
done
