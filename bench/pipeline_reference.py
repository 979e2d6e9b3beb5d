#!/usr/bin/python3
"""Reference for `nsn bench pipeline`: torchvision's MoCo-v2 input pipeline on the same JPEGs.

Per sample: PIL decode (convert to RGB, as torchvision's ImageFolder loader does), then MoCo-v2's
"aug_plus" transform of facebookresearch/moco main_moco.py applied twice (their TwoCropsTransform):
RandomResizedCrop(S, scale=(0.2, 1.0)), RandomApply([ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
RandomGrayscale(p=0.2), RandomApply([GaussianBlur(sigma in [0.1, 2.0])], p=0.5) with PIL's
ImageFilter.GaussianBlur (moco/loader.py), RandomHorizontalFlip(), ToTensor(), Normalize(ImageNet mean/std).
With --cached, each image is decoded once before timing and kept as a PIL image resized (shorter side S)
and centre-cropped to S x S, the bytes nsn's ImageFolderDataset holds with an image size set, so that only
the augmentation and batching are timed. With --negatives, one patch-based negative of the query tensor as in the authors' loader (d uniform in
[16, 72] scaled to S, S//d + 1 patches per side, corners uniform in [0, S-d-1], tiled on a zero canvas and
cropped to S x S).

Batches of --batch-size through torch.utils.data.DataLoader (shuffle, drop_last) with --workers worker
processes (0: in the main process), torch.set_num_threads(1) in every process. After --warmup seconds it
counts samples for --seconds and prints one line: images=<n> seconds=<wall time> cpu=<CPU seconds of
this process and its workers in that time, from /proc>.

Needs Debian's python3-torch and python3-torchvision (see docs/BENCHMARKS.md); run with /usr/bin/python3.
Written for nsn from the published recipe; no code of the moco repository is copied.
"""
import argparse
import os
import random
import time

import torch
from PIL import Image, ImageFilter
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
EXTENSIONS = (".jpg", ".jpeg", ".png")


class RandomPilBlur:
    """PIL Gaussian blur with a radius (sigma) uniform in [lo, hi]."""

    def __init__(self, lo=0.1, hi=2.0):
        self.lo, self.hi = lo, hi

    def __call__(self, img):
        return img.filter(ImageFilter.GaussianBlur(radius=random.uniform(self.lo, self.hi)))


def mocov2(size):
    return transforms.Compose([
        transforms.RandomResizedCrop(size, scale=(0.2, 1.0)),
        transforms.RandomApply([transforms.ColorJitter(0.4, 0.4, 0.4, 0.1)], p=0.8),
        transforms.RandomGrayscale(p=0.2),
        transforms.RandomApply([RandomPilBlur()], p=0.5),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(mean=MEAN, std=STD),
    ])


def patch_negative(view):
    """One negative of a (C, S, S) tensor: random patches of side d tiled on a zero canvas."""
    c, s, _ = view.shape
    lo = max(1, round(16 * s / 224))
    hi = max(lo, round(72 * s / 224))
    d = random.randint(lo, hi)
    n = s // d + 1
    canvas = torch.zeros(c, n * d, n * d)
    top = s - d
    for i in range(n):
        for j in range(n):
            y = random.randrange(top) if top > 0 else 0
            x = random.randrange(top) if top > 0 else 0
            canvas[:, i * d:(i + 1) * d, j * d:(j + 1) * d] = view[:, y:y + d, x:x + d]
    return canvas[:, :s, :s].contiguous()


class Images(Dataset):
    def __init__(self, files, repeat, size, negatives, cached):
        self.files = files
        self.cached = None
        if cached:
            once = transforms.Compose([transforms.Resize(size), transforms.CenterCrop(size)])
            self.cached = [once(load(f)) for f in files]
        self.repeat = repeat
        self.transform = mocov2(size)
        self.negatives = negatives

    def __len__(self):
        return len(self.files) * self.repeat

    def __getitem__(self, i):
        if self.cached is not None:
            img = self.cached[i % len(self.files)]
        else:
            img = load(self.files[i % len(self.files)])
        q = self.transform(img)
        k = self.transform(img)
        if self.negatives:
            return q, k, patch_negative(q)
        return q, k


def load(path):
    with open(path, "rb") as f:
        return Image.open(f).convert("RGB")


def list_images(root):
    found = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.lower().endswith(EXTENSIONS) and not name.startswith("."):
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def cpu_seconds():
    """User + system CPU seconds of this process and its live children (the DataLoader workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    me = os.getpid()
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == me or int(fields[1]) == me:  # fields[1] is the parent pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def one_thread(_):
    torch.set_num_threads(1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--images-dir", required=True)
    p.add_argument("--images", type=int, default=0, help="first N images in name order; 0 for all")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--negatives", action="store_true")
    p.add_argument("--cached", action="store_true",
                   help="decode once and keep each image resized and centre-cropped to S x S (Resize + CenterCrop)")
    args = p.parse_args()
    torch.set_num_threads(1)
    files = list_images(args.images_dir)
    if args.images > 0:
        files = files[:args.images]
    if not files:
        raise SystemExit("no images in " + args.images_dir)
    # enough samples for 4 batches per worker per epoch, as the nsn side
    procs = max(1, args.workers)
    repeat = max(1, -(-4 * procs * args.batch_size // len(files)))
    data = Images(files, repeat, args.size, args.negatives, args.cached)
    loader = DataLoader(data, batch_size=args.batch_size, shuffle=True, drop_last=True,
                        num_workers=args.workers, worker_init_fn=one_thread,
                        persistent_workers=args.workers > 0)
    images = 0
    timing = args.warmup == 0
    t0 = time.perf_counter()
    c0 = cpu_seconds()
    while True:
        for batch in loader:
            now = time.perf_counter()
            if not timing:
                if now - t0 >= args.warmup:
                    timing, t0, c0 = True, now, cpu_seconds()
                continue
            images += batch[0].shape[0]
            if now - t0 >= args.seconds:
                print("images=%d seconds=%.4f cpu=%.4f" % (images, now - t0, cpu_seconds() - c0), flush=True)
                return


if __name__ == "__main__":
    main()
