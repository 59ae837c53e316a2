#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy rollback): after a rollback the run is spent, so a second rollback must not
# restore it again: "last" is renamed, kept for the record.
# Usage: backup-forget.sh LAST
mv -f -- "$1" "$1.rolled-back"
