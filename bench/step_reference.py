#!/usr/bin/env python3
"""PyTorch reference for `nsn bench step`: one MoCo-v2 training step with non-semantic negatives.

The same step as nsn's MoCo.trainStep, with the same shapes: momentum update of the key encoder, key forward of
the positive keys and the M negatives per image (no gradient, BatchNorm in training mode), query forward, the
InfoNCE loss of Eq. 1 with alpha inside the logit (as the authors' code), backward, SGD (momentum 0.9, weight
decay 1e-4) and enqueue into a ring queue of K keys. Inputs are fixed random tensors copied into new tensors on the
device every step, as nsn copies its host arrays into a step manager. The ResNet is written out here (no
torchvision) so that the script runs with any torch build; it matches nsn's ResNet (torchvision's layout: basic
blocks for 10/18/34, bottlenecks with the stride on the 3x3 for 50, no conv bias, BatchNorm momentum 0.1, eps
1e-5) and MoCo-v2's MLP head (feature -> feature -> ReLU -> 128).

Prints one line per measurement; with --json the last line is a JSON object {"millis": [...], "loss": x}.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)


class Basic(nn.Module):
    expansion = 1

    def __init__(self, cin, width, stride, project):
        super().__init__()
        self.c1, self.b1 = conv(cin, width, 3, stride), nn.BatchNorm2d(width)
        self.c2, self.b2 = conv(width, width, 3, 1), nn.BatchNorm2d(width)
        self.short = nn.Sequential(conv(cin, width, 1, stride), nn.BatchNorm2d(width)) if project else None

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(y + (self.short(x) if self.short is not None else x))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, width, stride, project):
        super().__init__()
        out = 4 * width
        self.c1, self.b1 = conv(cin, width, 1, 1), nn.BatchNorm2d(width)
        self.c2, self.b2 = conv(width, width, 3, stride), nn.BatchNorm2d(width)
        self.c3, self.b3 = conv(width, out, 1, 1), nn.BatchNorm2d(out)
        self.short = nn.Sequential(conv(cin, out, 1, stride), nn.BatchNorm2d(out)) if project else None

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = F.relu(self.b2(self.c2(y)))
        y = self.b3(self.c3(y))
        return F.relu(y + (self.short(x) if self.short is not None else x))


STAGES = {10: [1, 1, 1, 1], 18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3]}


def encoder(depth, width, stem, dim=128):
    block = Bottleneck if depth == 50 else Basic
    if stem == "imagenet":
        layers = [conv(3, width, 7, 2), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    else:
        layers = [conv(3, width, 3, 2 if stem == "small_strided" else 1), nn.BatchNorm2d(width), nn.ReLU()]
    cin, w = width, width
    for stage, n in enumerate(STAGES[depth]):
        for b in range(n):
            stride = 2 if stage > 0 and b == 0 else 1
            project = b == 0 and (stage > 0 or block is Bottleneck)
            layers.append(block(cin, w, stride, project))
            cin = w * block.expansion
        w *= 2
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    head = nn.Sequential(nn.Linear(cin, cin), nn.ReLU(), nn.Linear(cin, dim))
    return nn.Sequential(nn.Sequential(*layers), head)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--depth", type=int, default=18)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--stem", default="small", choices=["imagenet", "small", "small_strided"])
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--queue", type=int, default=4096)
    p.add_argument("--negatives", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (0: torch's default)")
    p.add_argument("--interop-threads", type=int, default=0)
    p.add_argument("--amp", action="store_true", help="bfloat16/float16 autocast on CUDA (not in nsn)")
    p.add_argument("--channels-last", action="store_true")
    p.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "fp16"],
                   help="bf16/fp16: the encoders under bfloat16/float16 autocast, their outputs, the loss and SGD in"
                        " float32, fp16 with a GradScaler (nsn's --precision bf16/fp16)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.interop_threads > 0:
        torch.set_num_interop_threads(a.interop_threads)
    torch.manual_seed(a.seed)
    dev = torch.device(a.device)
    q_enc = encoder(a.depth, a.width, a.stem).to(dev)
    k_enc = encoder(a.depth, a.width, a.stem).to(dev)
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    q_enc, k_enc = q_enc.to(memory_format=fmt), k_enc.to(memory_format=fmt)
    k_enc.load_state_dict(q_enc.state_dict())
    for prm in k_enc.parameters():
        prm.requires_grad_(False)
    opt = torch.optim.SGD(q_enc.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
    queue = F.normalize(torch.randn(a.queue, 128, device=dev), dim=1)
    ptr = [0]
    n, m, s = a.batch, a.negatives, a.size
    host_q, host_k = torch.randn(n, 3, s, s), torch.randn(n, 3, s, s)
    host_ns = torch.randn(n * m, 3, s, s) if m > 0 else None
    scaler = torch.cuda.amp.GradScaler() if a.amp and dev.type == "cuda" else None
    if a.precision == "fp16":
        scaler = torch.amp.GradScaler(dev.type)
    alpha, tau = 2.0, 0.2

    def run(net, x):
        if a.precision != "fp32":
            half = torch.bfloat16 if a.precision == "bf16" else torch.float16
            with torch.autocast(dev.type, dtype=half):
                return net(x).float()
        return net(x)

    def step():
        xq = host_q.to(dev, copy=True).contiguous(memory_format=fmt)
        xk = host_k.to(dev, copy=True).contiguous(memory_format=fmt)
        with torch.no_grad():
            for pk, pq in zip(k_enc.parameters(), q_enc.parameters()):
                pk.mul_(0.999).add_(pq.detach(), alpha=0.001)
        with torch.autocast(dev.type, enabled=a.amp and scaler is not None):
            with torch.no_grad():
                k = F.normalize(run(k_enc, xk), dim=1)  # (N, D)
                ns = None
                if m > 0:
                    xns = host_ns.to(dev, copy=True).contiguous(memory_format=fmt)
                    ns = F.normalize(run(k_enc, xns), dim=1).view(n, m, -1)  # (N, M, D)
            q = F.normalize(run(q_enc, xq), dim=1)  # (N, D)
            l_pos = (q * k).sum(1, keepdim=True)  # (N, 1)
            l_neg = q @ queue.t()  # (N, K)
            parts = [l_pos, l_neg]
            if ns is not None:
                parts.append(alpha * torch.bmm(ns, q.unsqueeze(2)).squeeze(2))  # (N, M)
            logits = torch.cat(parts, 1) / tau  # (N, 1 + K + M)
            loss = F.cross_entropy(logits.float(), torch.zeros(n, dtype=torch.long, device=dev))
        opt.zero_grad(set_to_none=True)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        else:
            loss.backward()
            opt.step()
        with torch.no_grad():
            kk = k.float()
            i = ptr[0]
            end = min(i + n, a.queue)
            queue[i:end] = kk[: end - i]
            if end - i < n:
                queue[: n - (end - i)] = kk[end - i:]
            ptr[0] = (i + n) % a.queue
        return loss.item()  # waits for the device

    loss = float("nan")
    for _ in range(a.warmup):
        loss = step()
    millis = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = step()
        millis.append((time.perf_counter() - t0) * 1000)
    med = sorted(millis)[len(millis) // 2] if len(millis) % 2 else sum(sorted(millis)[len(millis) // 2 - 1:][:2]) / 2
    print(f"pytorch {torch.__version__}: ResNet-{a.depth} width {a.width}, {a.stem} stem, {s} px, batch {n}, "
          f"K {a.queue}, M {m}, {dev}{' amp' if scaler else ''}, threads {torch.get_num_threads()}: median "
          f"{med:.1f} ms/step (min {min(millis):.1f}, max {max(millis):.1f} over {len(millis)} steps), "
          f"{n * 1000 / med:.1f} images/s, loss {loss:.4f}", flush=True)
    if a.json:
        print(json.dumps({"millis": millis, "loss": loss}), flush=True)


if __name__ == "__main__":
    main()
