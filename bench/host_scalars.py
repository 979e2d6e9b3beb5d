"""Checks on a device what nsn.model.Scalars relies on: PyTorch takes a 0-d CPU tensor as the scalar operand of each
binary op nsn uses on an accelerator's tensor (no copy to the device, no wait), with the result a Python number gives:
python3 bench/host_scalars.py [cuda]."""
import sys, torch
dev = torch.device(sys.argv[1] if len(sys.argv) > 1 else "cuda")
ops = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div, "remainder": torch.remainder,
       "minimum": torch.minimum, "ne": torch.ne}
bad = 0
for dtype, n in ((torch.float32, 0.7), (torch.float16, 0.7), (torch.bfloat16, 2.0), (torch.int64, 3)):
    x = (torch.randn(64, device=dev) * 10).to(dtype)
    s = torch.tensor(n)  # 0-d on the CPU: float32 for a float, int64 for an int, as DJL's create(Number) makes them
    for name, op in ops.items():
        try:
            got, want = op(x, s), op(x, torch.tensor(n, device=dev))
            ok = got.device == x.device and got.dtype == want.dtype and torch.allclose(got.float(), want.float(),
                                                                                      rtol=1e-2, atol=1e-2)
        except Exception as e:  # noqa: BLE001
            ok, got = False, e
        if not ok:
            bad += 1
            print(f"{name} {dtype}: {got}")
    y = x.clone()
    y.mul_(s); y.add_(s)
    if y.device != x.device:
        bad += 1
print(f"host scalars: {'all ops take a 0-d CPU operand' if bad == 0 else f'{bad} failures'}")
