#!/usr/bin/env python3
"""Runs a command and prints the peak memory of it and every process it starts (clusterform's
batch workers, soffice.bin), sampled every 10 ms from /proc, in KiB: two figures, "RSS PSS".

RSS summed over processes counts every page they share (shared libraries, and the pages a forked
worker shares with its parent) once per process, so it overstates what they take together; PSS
(proportional set size, /proc/PID/smaps_rollup) counts a shared page as a share of it in each
process, so its sum is what the processes take from the machine. Both are printed.

    python3 peak_rss.py COMMAND [ARG...]      (the command's output goes to /dev/null)
"""
import subprocess
import sys
import time


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open('/proc/%d/task/%d/children' % (p, p)) as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def field(path, name):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak_rss = peak_pss = 0
while proc.poll() is None:
    pids = tree(proc.pid)
    peak_rss = max(peak_rss, sum(field('/proc/%d/status' % p, 'VmRSS:') for p in pids))
    peak_pss = max(peak_pss, sum(field('/proc/%d/smaps_rollup' % p, 'Pss:') for p in pids))
    time.sleep(0.01)
if proc.returncode != 0:
    sys.exit('peak_rss: the command failed (%d)' % proc.returncode)
print(peak_rss, peak_pss)
