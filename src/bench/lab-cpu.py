#!/usr/bin/env python3
"""CPU time used on the lab hosts' side (sshd and its sessions, the shell commands, prosody, nginx, the jicofo and
videobridge stand-ins), per host, from /proc: every process in a host's mount namespace, its own user+system time
plus that of its children it has reaped.

  lab-cpu.py snapshot FILE        records the per-process totals now
  lab-cpu.py since FILE [HOSTS]   prints "HOST SECONDS" per host for the time since the snapshot, then "total",
                                  then "by COMMAND SECONDS" over those hosts per process name (a process's reaped
                                  children count with it: sshd's include the shell commands of the sessions)

A process that is new since the snapshot counts in full, one that lived through it counts with what it used after.
A process that ended in between and was reaped outside the host (a restarted daemon's old process) is missed, so
the figures are a lower bound; those are idle daemons, so little is missed."""
import json, os, sys

STATE = "/var/lib/jitsi-deploy-lab"
TICK = os.sysconf("SC_CLK_TCK")


def hosts():
    found = {}
    for name in sorted(os.listdir(STATE)):
        pid_file = os.path.join(STATE, name, "namespace.pid")
        if name.startswith("lab") and name[3:].isdigit() and os.path.isfile(pid_file):
            try:
                with open(pid_file) as f:
                    found[name] = os.readlink("/proc/%s/ns/mnt" % f.read().strip())
            except OSError:
                pass  # not running
    return found


def processes():
    """pid -> (namespace, ticks, command); a process that ends while it is read is skipped."""
    result = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            namespace = os.readlink("/proc/%s/ns/mnt" % pid)
            with open("/proc/%s/stat" % pid) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[11..14] are utime, stime, cutime, cstime (stat fields 14-17)
        result[pid] = (namespace, sum(int(v) for v in fields[11:15]), stat[stat.index("(") + 1:stat.rindex(")")])
    return result


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "snapshot":
        with open(path, "w") as f:
            json.dump({pid: ticks for pid, (ns, ticks, command) in processes().items()}, f)
        return
    with open(path) as f:
        before = json.load(f)
    wanted = sys.argv[3].split(",") if len(sys.argv) > 3 else None
    selected = {namespace: host for host, namespace in hosts().items() if not wanted or host in wanted}
    by_host, by_command = {}, {}
    for pid, (namespace, ticks, command) in processes().items():
        if namespace in selected:
            used = max(0, ticks - before.get(pid, 0))
            by_host[selected[namespace]] = by_host.get(selected[namespace], 0) + used
            by_command[command] = by_command.get(command, 0) + used
    for host in sorted(selected.values(), key=lambda h: int(h[3:])):
        print("%s %.2f" % (host, by_host.get(host, 0) / TICK))
    print("total %.2f" % (sum(by_host.values()) / TICK))
    for command, ticks in sorted(by_command.items(), key=lambda item: -item[1]):
        if ticks:
            print("by %s %.2f" % (command, ticks / TICK))


if __name__ == "__main__":
    main()
