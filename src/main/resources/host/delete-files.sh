#!/bin/sh
# Runs on a Jitsi host (jitsi-deploy apply): deletes files the plan retires (e.g. old key files); absent ones are fine.
# Usage: delete-files.sh PATH...
rm -f -- "$@"
