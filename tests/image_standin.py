"""A stand-in for the original course's cat pictures, in its HDF5 layout, for tests.

The original files may not be redistributed, so tests write this instead: random uint8 RGB pictures
of 64 x 64 pixels, 209 for training and 50 for testing as in the original, labelled by a signal a
model can learn (label-1 pictures are redder in their centre), with classes [b'non-cat', b'cat'].
Its bytes are not the original's, so dataset_kind() calls it "own" unless a test says otherwise.
"""
import h5py
import numpy as np

CLASSES = np.array([b"non-cat", b"cat"])
SIZES = {"train": 209, "test": 50}
SEEDS = {"train": 11, "test": 12}


def standin_split(m, seed, num_px=64):
    """m pictures x uint8 (m, num_px, num_px, 3) and labels y int64 (m,), drawn with default_rng(seed)."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(m) % 2)
    x = rng.integers(0, 256, size=(m, num_px, num_px, 3)).astype(float)
    centre = slice(num_px // 4, 3 * num_px // 4)
    x[y == 1, centre, centre, 0] += 12  # the learnable signal: a redder centre
    return np.clip(x, 0, 255).astype(np.uint8), y.astype(np.int64)


def write_standin(folder, name="catvnoncat"):
    """Write train_{name}.h5 and test_{name}.h5 into folder; returns their paths."""
    paths = []
    for split, m in SIZES.items():
        x, y = standin_split(m, SEEDS[split])
        path = folder / f"{split}_{name}.h5"
        with h5py.File(path, "w") as f:
            f.create_dataset(f"{split}_set_x", data=x)
            f.create_dataset(f"{split}_set_y", data=y)
            f.create_dataset("list_classes", data=CLASSES)
        paths.append(path)
    return paths
