#!/usr/bin/env python3
"""Build the course's image datasets, byte for byte reproducibly, and their manifest.

    python data/build_datasets.py                  # both sets, into data/
    python data/build_datasets.py --only discs     # the procedural set only: no Debian package needed
    python data/build_datasets.py --out /tmp/data  # somewhere else (the tests do this)

Every file uses the original course's HDF5 layout, so the course's catvnoncat files are drop-in
replacements: `train_set_x` uint8 (m, h, w, c), `train_set_y` int64 (m,), `list_classes` bytes
(2,); test files hold `test_set_x`, `test_set_y`, `list_classes`.

    fashion -- Fashion-MNIST shirts (1) against t-shirts/tops (0), 28x28x1; 4000 train, 1000 test.
               Source: Debian's `dataset-fashion-mnist` (MIT licence, Zalando SE).
    discs   -- procedural 64x64x3 pictures of a coloured disc on a light or dark background;
               209 train, 50 test. Label 1 = warm disc on light ground or cool disc on dark ground,
               an XOR of two visible features that no linear model can represent.

`manifest.json` in the output folder maps each file name to the SHA-256 of its bytes; entries of
sets not rebuilt this run are kept. Same numpy + h5py versions in, same bytes out: seeds are fixed,
HDF5 timestamps are off and compression options are pinned.
"""
import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

import h5py
import numpy as np

DATA_DIR = Path(__file__).resolve().parent
FASHION_SOURCE = Path("/usr/share/datasets/fashion-mnist")
MANIFEST = "manifest.json"

FASHION_CLASSES = np.array([b"t-shirt/top", b"shirt"])
FASHION_LABELS = (0, 6)  # Fashion-MNIST class ids of t-shirt/top (our 0) and shirt (our 1)
FASHION_SIZES = {"train": 4000, "test": 1000}
FASHION_SEEDS = {"train": 20240, "test": 20241}

DISCS_CLASSES = np.array([b"other", b"warm-on-light or cool-on-dark"])
DISCS_SIZES = {"train": 209, "test": 50}
DISCS_SEEDS = {"train": 3, "test": 4}
IMAGE_SIZE = 64
# (light, warm) of each kind of picture; the first two are label 1. With four equally likely kinds
# the label is uncorrelated with every pixel and logistic regression sits at chance; making cool-on-dark
# rare gives it a weak linear cue (about 60 %), while only a hidden layer gets every kind right.
CELLS = np.array([[True, True], [False, False], [True, False], [False, True]])
CELL_PROBS = (0.4, 0.1, 0.25, 0.25)
LIGHT_TONES = (165.0, 235.0)  # grey level of a light background, before colour jitter
DARK_TONES = (20.0, 90.0)
BACKGROUND_JITTER = 25.0  # each channel of the background moves by up to this much
WARM_COLOURS = np.array([[215.0, 45.0, 35.0], [230.0, 125.0, 30.0], [215.0, 185.0, 40.0]])
COOL_COLOURS = np.array([[35.0, 70.0, 215.0], [30.0, 170.0, 205.0], [95.0, 60.0, 200.0]])
DISC_JITTER = 30.0  # each channel of the disc colour moves by up to this much
RADII = (8.0, 20.0)
PIXEL_NOISE = 25.0  # standard deviation of the per-pixel Gaussian noise, in grey levels

H5_CHUNK_IMAGES = 64
GZIP = {"compression": "gzip", "compression_opts": 9, "shuffle": False}  # pinned: same options, same bytes


class BuildError(RuntimeError):
    """A source file is missing or not what we expect; the message says how to fix it."""


def read_idx(path):
    """Array stored in a gzipped idx file (the MNIST format), e.g. uint8 (n, 28, 28) for images."""
    if not path.exists():
        raise BuildError(
            f"Fashion-MNIST source file {path} not found. Install Debian's package with "
            "`sudo apt-get install dataset-fashion-mnist`, or rebuild only the procedural set "
            "with `python data/build_datasets.py --only discs`."
        )
    raw = gzip.decompress(path.read_bytes())
    if raw[:3] != b"\x00\x00\x08":
        raise BuildError(f"{path} is not an idx file of unsigned bytes (header {raw[:4].hex()}).")
    ndim = raw[3]
    dims = np.frombuffer(raw, dtype=">u4", count=ndim, offset=4)
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def pick_balanced(labels, per_class, rng):
    """Indices of `per_class` examples of each of FASHION_LABELS, in random order.

    labels -- Fashion-MNIST class ids, shape (n,)
    Returns idx -- shape (2 * per_class,), so any prefix of it is roughly balanced
    """
    chosen = [rng.choice(np.flatnonzero(labels == label), per_class, replace=False) for label in FASHION_LABELS]
    return rng.permutation(np.concatenate(chosen))


def fashion_split(split, source=FASHION_SOURCE):
    """Shirts vs t-shirts of one official split: x uint8 (m, 28, 28, 1), y int64 (m,)."""
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(source / f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(source / f"{prefix}-labels-idx1-ubyte.gz")
    idx = pick_balanced(labels, FASHION_SIZES[split] // 2, np.random.default_rng(FASHION_SEEDS[split]))
    y = (labels[idx] == FASHION_LABELS[1]).astype(np.int64)
    return images[idx][..., np.newaxis], y


def discs_split(split):
    """Procedural discs of one split: x uint8 (m, 64, 64, 3), y int64 (m,)."""
    return discs_images(DISCS_SIZES[split], DISCS_SEEDS[split])


def discs_images(m, seed):
    """m procedural discs drawn with default_rng(seed): x uint8 (m, 64, 64, 3), y int64 (m,)."""
    rng = np.random.default_rng(seed)
    light, warm = CELLS[rng.choice(len(CELLS), size=m, p=CELL_PROBS)].T
    background = background_colours(light, rng)
    disc = disc_colours(warm, rng)
    inside = disc_masks(m, rng)
    # colours (m, 3) -> (m, 1, 1, 3), so they broadcast over each image's rows and columns
    x = np.where(inside[..., np.newaxis], disc[:, np.newaxis, np.newaxis], background[:, np.newaxis, np.newaxis])
    x = x + rng.normal(0.0, PIXEL_NOISE, size=x.shape)
    y = (light == warm).astype(np.int64)
    return np.clip(np.rint(x), 0, 255).astype(np.uint8), y


def background_colours(light, rng):
    """RGB of each background, shape (m, 3): a light or dark grey, each channel jittered.

    light -- True for a light background, shape (m,)
    """
    tone = np.where(light, rng.uniform(*LIGHT_TONES, size=light.size), rng.uniform(*DARK_TONES, size=light.size))
    return tone[:, np.newaxis] + rng.uniform(-BACKGROUND_JITTER, BACKGROUND_JITTER, size=(light.size, 3))


def disc_colours(warm, rng):
    """RGB of each disc, shape (m, 3): a random warm or cool anchor colour, each channel jittered.

    warm -- True for a warm (red, orange, yellow) disc, False for a cool (blue, cyan, violet) one; (m,)
    """
    anchor = rng.integers(0, len(WARM_COLOURS), size=warm.shape)
    base = np.where(warm[:, np.newaxis], WARM_COLOURS[anchor], COOL_COLOURS[anchor])
    return base + rng.uniform(-DISC_JITTER, DISC_JITTER, size=(warm.size, 3))


def disc_masks(m, rng):
    """Boolean masks of m discs of random radius, each wholly inside the image; shape (m, 64, 64)."""
    radius = rng.uniform(*RADII, size=m)
    centre_row = rng.uniform(radius, IMAGE_SIZE - 1 - radius)
    centre_col = rng.uniform(radius, IMAGE_SIZE - 1 - radius)
    grid = np.arange(IMAGE_SIZE, dtype=float)
    rows = grid[np.newaxis, :, np.newaxis] - centre_row[:, np.newaxis, np.newaxis]
    cols = grid[np.newaxis, np.newaxis, :] - centre_col[:, np.newaxis, np.newaxis]
    return rows**2 + cols**2 <= radius[:, np.newaxis, np.newaxis] ** 2


def write_h5(path, split, x, y, classes):
    """Write one split in the course's layout, with no timestamps and pinned gzip options.

    x -- images, uint8 (m, h, w, c); y -- labels, int64 (m,); classes -- bytes, shape (2,)
    """
    chunks = (min(len(x), H5_CHUNK_IMAGES), *x.shape[1:])
    with h5py.File(path, "w", libver="earliest") as f:
        f.create_dataset(f"{split}_set_x", data=x, chunks=chunks, track_times=False, **GZIP)
        f.create_dataset(f"{split}_set_y", data=y, track_times=False)
        f.create_dataset("list_classes", data=classes, track_times=False)


def sha256(path):
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def update_manifest(out, names):
    """Record the SHA-256 of each named file in out/manifest.json, keeping the other entries."""
    path = out / MANIFEST
    manifest = json.loads(path.read_text()) if path.exists() else {}
    manifest.update({name: sha256(out / name) for name in names})
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def build(name, out):
    """Build both splits of one dataset into the folder `out`; returns the file names written."""
    make_split, classes = (fashion_split, FASHION_CLASSES) if name == "fashion" else (discs_split, DISCS_CLASSES)
    written = []
    for split in ("train", "test"):
        x, y = make_split(split)
        filename = f"{split}_{name}.h5"
        write_h5(out / filename, split, x, y, classes)
        written.append(filename)
        print(f"{out / filename}: x {x.shape} {x.dtype}, {int(y.sum())} of {len(y)} labelled 1")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("fashion", "discs"), help="build just this dataset")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else ["fashion", "discs"]
    try:
        written = [filename for name in names for filename in build(name, args.out)]
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    update_manifest(args.out, written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
