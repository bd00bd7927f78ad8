#!/bin/sh
# Restore a backup made by deploy/backup.sh into an EMPTY database (DATABASE_URL) and an
# empty MEDIA_ROOT, then `manage.py migrate` (a backup from an older release is brought up
# to this one). Stop gunicorn first; the cache needs nothing (its keys carry the data version).
set -eu
backup=${1:?usage: restore.sh BACKUP_FOLDER}
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$backup/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$backup/media.tar.gz"
"${PYTHON:-.venv/bin/python}" manage.py migrate --noinput
echo "restored from $backup"
