#!/usr/bin/env python3
"""Runs a command holding the lab's test lock (/var/lib/jitsi-deploy-lab/tests.lock), the POSIX record lock that the
IT fixture (LabExtension, Java FileChannel.lock) takes, so hand runs and benchmarks take turns with IT runs.
The lock belongs to this process and survives exec, so the command holds it until it exits."""
import fcntl, os, sys
os.makedirs("/var/lib/jitsi-deploy-lab", exist_ok=True)
fd = os.open("/var/lib/jitsi-deploy-lab/tests.lock", os.O_WRONLY | os.O_CREAT, 0o644)
fcntl.lockf(fd, fcntl.LOCK_EX)
os.set_inheritable(fd, True)
os.execvp(sys.argv[1], sys.argv[1:])
