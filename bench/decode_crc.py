"""Prints one line per image of a flat folder: the file name and the CRC-32 of PIL's RGB bytes
(Image.open(f).convert("RGB").tobytes(), what torchvision's ImageFolder loads). See bench/DecodeCrc.java."""
import os
import sys
import zlib

from PIL import Image

folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if os.path.isfile(path):
        with Image.open(path) as image:
            print(name, "%08x" % (zlib.crc32(image.convert("RGB").tobytes()) & 0xFFFFFFFF))
