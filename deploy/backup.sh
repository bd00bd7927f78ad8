#!/bin/sh
# Back up the scorecard: the database (pg_dump, custom format) and MEDIA_ROOT (published
# reports' PDFs), together, into FOLDER/<time>/; keeps the last KEEP (default 14).
# Needs DATABASE_URL and MEDIA_ROOT (as in /etc/scorecard/env). Restore: deploy/restore.sh.
set -eu
folder=${1:?usage: backup.sh FOLDER}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$folder/$stamp"
pg_dump --format=custom --no-owner --file="$folder/$stamp/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$folder/$stamp/media.tar.gz" .
ls -1d "$folder"/*/ | sort | head -n -"${KEEP:-14}" | xargs -r rm -rf
echo "backed up to $folder/$stamp"
