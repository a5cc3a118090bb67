#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and a
# media folder, after checking the checksums.
#
#   createdb agenda_restored
#   DATABASE_URL=postgres://user@host:5432/agenda_restored MEDIA_ROOT=media \
#     scripts/restore.sh backups/20270101T000000Z
#
# Refuses a database that already has tables: restoring over live data would
# mix two states. Point the site at the restored database afterwards.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the empty PostgreSQL database to restore into}"
src=${1:?usage: scripts/restore.sh BACKUP_DIR}
media=${MEDIA_ROOT:-media}

(cd "$src" && sha256sum --check --quiet SHA256SUMS)
tables=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore into an empty one" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$src/database.dump"
mkdir -p "$media"
tar -C "$media" -xzf "$src/media.tar.gz"
echo "restored $src into the database and $media"
