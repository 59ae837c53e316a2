#!/bin/bash
# Start helper of the lab's jicofo stand-in unit (lab stand-in, written for jitsi-deploy).
#   mark      (ExecStartPre)  remembers how long the log is, so that only this start's lines count
#   wait PID  (ExecStartPost) waits, checking every 50 ms, until the stand-in has logged that it is starting (it
#             accepted its config) or has exited (a bad config: the start fails with the end of the log). After 15 s
#             without either it counts as started, as a slow start is no failure.
set -u
log=/var/log/jitsi/jicofo.log
mark=/run/jicofo.log-length
case "$1" in
    mark) stat -c %s "$log" 2>/dev/null > "$mark" || echo 0 > "$mark" ;;
    wait)
        pid="$2"
        before="$(cat "$mark" 2>/dev/null || echo 0)"
        for _ in $(seq 1 300); do
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "jicofo exited at start; end of $log:"
                tail -n 10 "$log"
                exit 1
            fi
            if tail -c "+$((before + 1))" "$log" 2>/dev/null | grep -q ' jicofo-stand-in starting '; then exit 0; fi
            sleep 0.05
        done ;;
    *) echo "usage: $0 mark | wait PID" >&2; exit 2 ;;
esac
