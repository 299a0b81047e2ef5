"""What one replacement costs as deletions pile up: COUNT existing 4 KiB files in a new directory
under DIR, replaced ROUNDS times over (temp file + os.replace, as cached and the benchmark's direct
writer do), back to back. Prints each round's wall time and kernel CPU (os.times()) per replacement.

    python3 scripts/measure/recent_deletes.py DIR COUNT ROUNDS   # e.g. DIR on the disk, 5000, 8

Every replacement frees the old version's inode. ext4 without a journal (the disk of the machine
the README's figures come from) passes over every inode freed in the last minute (five while its
inode-table block is not yet written back), reading each one's deletion time, before it gives a new
file one; so there the cost grows round after round, and whoever writes next pays for the
deletions before. With a journal ext4 skips that check and the rounds cost the same. The directory
is left in place (delete it yourself: deleting it frees COUNT more inodes). README "Performance".
"""
import os
import sys
import time

root, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
d = os.path.join(root, "recent-deletes-%d" % os.getpid())
os.makedirs(d)
data = b"x" * 4096
for i in range(count):
    with open(os.path.join(d, "%d.cache" % i), "wb") as f:
        f.write(data)
os.sync()
for r in range(rounds):
    t0 = time.perf_counter()
    c0 = os.times()
    for i in range(count):
        target = os.path.join(d, "%d.cache" % i)
        tmp = target + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)
        os.replace(tmp, target)
    c1 = os.times()
    print("round %d: %4.0f µs per replacement, %4.0f µs of it in the kernel" % (
        r, (time.perf_counter() - t0) * 1e6 / count, (c1.system - c0.system) * 1e6 / count), flush=True)
print("left in place:", d)
