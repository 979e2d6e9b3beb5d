"""Per-phase times of the PyTorch reference step (bench/step_reference.py's network), as bench/StepPhases.java
times nsn's: python3 bench/step_phases.py DEPTH BATCH SIZE QUEUE [cpu|cuda] [WARMUP] (WARMUP untimed steps first, 200 by default,
as the Java side needs to compile its host code)."""
import sys, time, torch, torch.nn.functional as F
sys.path.insert(0, __import__('os').path.dirname(__file__))
from step_reference import encoder
depth, n, s, K = map(int, sys.argv[1:5]); dev = torch.device(sys.argv[5] if len(sys.argv) > 5 else "cpu")
warmup = int(sys.argv[6]) if len(sys.argv) > 6 else 200
if dev.type == "cpu": torch.set_num_threads(2); torch.set_num_interop_threads(1)
torch.manual_seed(0)
stem = "imagenet" if s >= 128 else "small"
q_enc, k_enc = encoder(depth, 64, stem).to(dev), encoder(depth, 64, stem).to(dev)
sync = (lambda: torch.cuda.synchronize()) if dev.type == "cuda" else (lambda: None)
k_enc.load_state_dict(q_enc.state_dict())
for p in k_enc.parameters(): p.requires_grad_(False)
opt = torch.optim.SGD(q_enc.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
queue = F.normalize(torch.randn(K, 128, device=dev), dim=1)
host = torch.randn(n, 3, s, s)
x = host.to(dev)
I = []
names = ["momentum", "key fwd", "ns fwd", "q fwd+loss", "backward", "sgd", "enqueue"]
T = []
for it in range(warmup + 13):
    sync(); c0 = time.perf_counter()
    xq, xk, xns = host.to(dev, copy=True), host.to(dev, copy=True), host.to(dev, copy=True)
    sync(); I.append((time.perf_counter() - c0) * 1e3)
    sync(); t0 = time.perf_counter()
    with torch.no_grad():
        for pk, pq in zip(k_enc.parameters(), q_enc.parameters()): pk.mul_(0.999).add_(pq.detach(), alpha=0.001)
    sync(); t1 = time.perf_counter()
    with torch.no_grad(): k = F.normalize(k_enc(xk), dim=1)
    sync(); t2 = time.perf_counter()
    with torch.no_grad(): ns = F.normalize(k_enc(xns), dim=1).view(n, 1, -1)
    sync(); t3 = time.perf_counter()
    q = F.normalize(q_enc(xq), dim=1)
    logits = torch.cat([(q * k).sum(1, keepdim=True), q @ queue.t(), 2.0 * torch.bmm(ns, q.unsqueeze(2)).squeeze(2)], 1) / 0.2
    loss = F.cross_entropy(logits, torch.zeros(n, dtype=torch.long, device=dev)); loss.item()
    t4 = time.perf_counter()
    opt.zero_grad(set_to_none=True); loss.backward()
    sync(); t5 = time.perf_counter()
    opt.step()
    sync(); t6 = time.perf_counter()
    queue[:n] = k
    sync(); t7 = time.perf_counter()
    T.append([(t1-t0)*1e3, (t2-t1)*1e3, (t3-t2)*1e3, (t4-t3)*1e3, (t5-t4)*1e3, (t6-t5)*1e3, (t7-t6)*1e3])
I, T = I[warmup:], T[warmup:]
col = sorted(I[3:])
print(f"torch {'inputs':12s} median {(col[4] + col[5]) / 2:8.2f} ms  min {col[0]:8.2f}")
for p, nm in enumerate(names):
    col = sorted(r[p] for r in T[3:])
    print(f"torch {nm:12s} median {(col[4] + col[5]) / 2:8.2f} ms  min {col[0]:8.2f}")
