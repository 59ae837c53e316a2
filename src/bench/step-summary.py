#!/usr/bin/env python3
"""Summarizes the -v step timings of some runs of one kind: per step, how often it ran per host and run, and its
median time; then the SSH round trips per host. Paths in step names are dropped, so "write /etc/a" and
"write /etc/b" count as one step.

  step-summary.py HOSTS LOG...      (HOSTS: hosts per run; each LOG is the output of one run)"""
import re, statistics, sys

LINE = re.compile(r"^timing (lab\d+) \+\d+ ([0-9.]+) (.*)$")


def step_name(step):
    step = re.sub(r"^(sftp upload \(open, write, close\)): .*", r"\1", step)
    step = re.sub(r"^(ssh exec: (read|write|link|delete)) .*", r"\1 ...", step)
    step = re.sub(r"^(sftp mkdir) /.*", r"\1 (private upload directory)", step)
    return step


def main():
    hosts, logs = int(sys.argv[1]), sys.argv[2:]
    times = {}
    for log in logs:
        with open(log, errors="replace") as f:
            for line in f:
                match = LINE.match(line.rstrip("\n"))
                if match:
                    times.setdefault(step_name(match.group(3)), []).append(float(match.group(2)))
    runs = len(logs) * hosts
    for step in sorted(times, key=lambda s: -statistics.median(times[s]) * len(times[s])):
        values = times[step]
        print("    %5.1f x %8.1f ms  %s" % (len(values) / runs, statistics.median(values), step))
    execs = sum(len(v) for s, v in times.items() if s.startswith("ssh exec:"))
    sftp = sum(len(v) for s, v in times.items() if s.startswith("sftp "))
    print("    SSH round trips per host: %.1f exec channels, %.1f SFTP steps (subsystem start, uploads)"
          % (execs / runs, sftp / runs))


if __name__ == "__main__":
    main()
