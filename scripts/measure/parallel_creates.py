import os, sys, time, shutil, multiprocessing as mp
"""How much creating files in parallel gains on a disk: TOTAL replacements of existing 4 KiB files
(temp file + os.replace, as cached and the benchmark's direct writer do), split over PROCS processes,
each in a directory of its own. Prints the wall time, the replacements per second, and the CPU
the processes used (user + system, from os.times() after they ended): in cores over the wall time
and in µs per replacement.

    python3 scripts/measure/parallel_creates.py DIR PROCS TOTAL   # e.g. DIR on the disk, 1 / 2 / 4, 6000

DIR is emptied first. PERFORMANCE.md (Session 11) has what it gave here.
"""
root = sys.argv[1]; procs = int(sys.argv[2]); total = int(sys.argv[3]); per = total // procs
data = b'x' * 4096
def prep(c):
    d = f'{root}/c{c}'; os.makedirs(d)
    for i in range(per):
        with open(f'{d}/{i}.cache', 'wb') as f: f.write(data)
def work(c, start, q):
    d = f'{root}/c{c}'
    start.wait()
    t = time.perf_counter()
    for i in range(per):
        tmp = f'{d}/.{i}.cache.{i:016x}.cached-tmp'
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data); os.close(fd)
        os.replace(tmp, f'{d}/{i}.cache')
    q.put(time.perf_counter() - t)
if __name__ == '__main__':
    shutil.rmtree(root, ignore_errors=True)
    for c in range(procs): prep(c)
    os.sync()
    start = mp.Event(); q = mp.Queue()
    before = os.times()
    ps = [mp.Process(target=work, args=(c, start, q)) for c in range(procs)]
    for p in ps: p.start()
    t = time.perf_counter(); start.set()
    for p in ps: p.join()
    el = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    print(f'{procs} procs x {per}: {el*1000:.0f} ms wall, {total/el:.0f} replacements/s, '
          f'CPU {cpu/el:.2f} cores, {cpu/total*1e6:.0f} µs per replacement')
