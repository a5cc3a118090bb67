#!/usr/bin/env bash
# Back up Agenda Lampung: the PostgreSQL database (pg_dump, custom format) and
# the media files (original images, renditions, documents), with checksums.
#
#   DATABASE_URL=postgres://user@host:5432/agenda scripts/backup.sh [DEST]
#
# DEST defaults to backups/<UTC timestamp>; MEDIA_ROOT defaults to media/.
# Restore with scripts/restore.sh DEST. Media on S3: back up the bucket with
# the provider's versioning or `aws s3 sync`; this script covers local media.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
dest=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}
media=${MEDIA_ROOT:-media}

# An archive written inside the folder it archives changes while tar reads it
# (and would hold earlier backups): refuse, before anything is written.
if [ -d "$media" ]; then
  case "$(realpath -m "$dest")/" in
    "$(realpath "$media")"/*)
      echo "backup.sh: DEST ($dest) is inside MEDIA_ROOT ($media); choose a folder outside it" >&2
      exit 2 ;;
  esac
fi
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file "$dest/database.dump" "$DATABASE_URL"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$dest/media.tar.gz" .
else
  tar -czf "$dest/media.tar.gz" -T /dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$dest"
