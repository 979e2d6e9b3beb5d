"""Host time to issue one forward of the PyTorch reference encoder against its time to finish, as
bench/ForwardIssue.java measures nsn's: python3 bench/forward_issue.py DEPTH BATCH SIZE [cpu|cuda] [WIDTH] [WARMUP]
[tuned] (WARMUP untimed forwards first, 300 by default, as the Java side needs them to compile its host code; tuned sets
glibc's mmap and trim thresholds and top pad as nsn's NativeAllocator does, before torch allocates)."""
import ctypes, os, resource, sys, time
if len(sys.argv) > 7 and sys.argv[7] == "tuned":  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_TOP_PAD
    libc = ctypes.CDLL("libc.so.6")
    libc.mallopt(-3, 256 << 20); libc.mallopt(-1, 1024 << 20); libc.mallopt(-2, 128 << 20)
    print("allocator: mmap threshold 256 MiB, trim threshold 1024 MiB, top pad 128 MiB")
import torch
sys.path.insert(0, os.path.dirname(__file__))
from step_reference import encoder
depth, n, s = map(int, sys.argv[1:4])
dev = torch.device(sys.argv[4] if len(sys.argv) > 4 else "cpu")
width = int(sys.argv[5]) if len(sys.argv) > 5 else 64
warmup = int(sys.argv[6]) if len(sys.argv) > 6 else 300
if dev.type == "cpu": torch.set_num_threads(2); torch.set_num_interop_threads(1)
e = encoder(depth, width, "imagenet" if s >= 128 else "small").to(dev)
x = torch.randn(n, 3, s, s, device=dev)
for grad in (False, True):
    issue, finish, faults = [], [], []
    for it in range(-warmup, 23):
        x.sum().item()
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t0 = time.perf_counter()
        with torch.set_grad_enabled(grad):
            out = e(x)  # (N, 128)
        t1 = time.perf_counter()
        out.sum().item()
        t2 = time.perf_counter()
        if it >= 3:
            issue.append((t1 - t0) * 1e3); finish.append((t2 - t0) * 1e3)
            faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
        del out
    issue.sort(); finish.sort(); faults.sort()
    print(f"torch {'grad' if grad else 'no-grad':7s} forward: issue median {(issue[9] + issue[10]) / 2:7.2f} ms, "
          f"finish median {(finish[9] + finish[10]) / 2:7.2f} ms, new pages {(faults[9] + faults[10]) / 2:.0f}")
