"""The course's datasets: image sets read from data/*.h5, the planar "flower", and extra 2-D sets.

Image sets are pairs of files `train_{name}.h5` / `test_{name}.h5` in the original course's
HDF5 layout (see LAYOUT). Two ship with the course: "discs" (the default) and "fashion"; see
data/README.md. The original course's catvnoncat files work unchanged: put them in data/ and set
DNN_DATASET=catvnoncat.

Environment variables, read on every call:
    DNN_DATA_DIR -- folder to read the .h5 files from instead of DATA_DIR
    DNN_DATASET  -- image set load_dataset() reads when no name is given (default "discs")

Files named in DATA_DIR/manifest.json are checked against their SHA-256 before they are read,
wherever they are loaded from; other files (a learner's own) are read unchecked. Every problem is
raised as a DatasetError (a RuntimeError) whose message names the file and says how to fix it.
"""
import functools
import hashlib
import json
import os
from pathlib import Path

import h5py
import numpy as np

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MANIFEST = DATA_DIR / "manifest.json"
DEFAULT_DATASET = "discs"
LAYOUT = (
    "the course's layout: {split}_set_x uint8 (m, height, width, channels), "
    "{split}_set_y integers (m,), list_classes bytes (2,)"
)
EXTRA_SEED = 3
EXTRA_SIZE = 200


class DatasetError(RuntimeError):
    """A dataset file is missing, damaged or not in the course's layout; the message says what to do."""


def data_dir():
    """Folder the image sets are read from: $DNN_DATA_DIR if set, else DATA_DIR."""
    return Path(os.environ.get("DNN_DATA_DIR") or DATA_DIR)


def load_dataset(name=None):
    """Load an image set from `train_{name}.h5` and `test_{name}.h5` in data_dir().

    name -- a plain identifier such as "discs", "fashion" or "catvnoncat";
            None means $DNN_DATASET, or "discs" when that is not set

    Returns:
    train_x_orig -- training images, uint8 of shape (m_train, height, width, channels)
    train_y -- training labels 0 or 1, int64 of shape (1, m_train)
    test_x_orig -- test images, uint8 of shape (m_test, height, width, channels)
    test_y -- test labels 0 or 1, int64 of shape (1, m_test)
    classes -- class names as bytes, shape (2,): classes[k] names label k
    """
    name = dataset_name(name)
    folder = data_dir()
    train_x_orig, train_y, _ = read_split(folder / f"train_{name}.h5", "train")
    test_x_orig, test_y, classes = read_split(folder / f"test_{name}.h5", "test")
    return train_x_orig, train_y, test_x_orig, test_y, classes


def dataset_name(name):
    """The dataset name to load: `name`, else $DNN_DATASET, else DEFAULT_DATASET; checked."""
    source = "load_dataset's name" if name is not None else "the environment variable DNN_DATASET"
    name = name if name is not None else os.environ.get("DNN_DATASET") or DEFAULT_DATASET
    if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
        raise DatasetError(
            f"{source} is {name!r}, expected a plain name such as 'discs' or 'catvnoncat' "
            f"(letters, digits, underscores), which is read from train_<name>.h5 and test_<name>.h5 "
            f"in {data_dir()}."
        )
    return name


def read_split(path, split):
    """Images, labels and class names of one HDF5 file in the course's layout.

    path -- the .h5 file; split -- "train" or "test", the prefix of its keys

    Returns:
    x -- images, shape (m, height, width, channels), as stored (uint8 in the course's files)
    y -- labels, int64 of shape (1, m)
    classes -- bytes, shape (2,)
    """
    if not path.is_file():
        raise DatasetError(missing_file_message(path))
    verify_checksum(path)
    try:
        with h5py.File(path, "r") as f:
            x = read_key(f, path, split, f"{split}_set_x")
            y = read_key(f, path, split, f"{split}_set_y")
            classes = read_key(f, path, split, "list_classes")
    except OSError as exc:
        raise DatasetError(
            f"{path} is not a readable HDF5 file ({exc}). Expected {LAYOUT.format(split=split)}. "
            f"Replace it with a good copy{rebuild_hint(path)}."
        ) from exc
    if x.ndim != 4 or y.shape != (len(x),):
        raise DatasetError(
            f"{path} holds {split}_set_x of shape {x.shape} and {split}_set_y of shape {y.shape}; "
            f"expected {LAYOUT.format(split=split)}, with the same m in both."
        )
    return x, y.astype(np.int64).reshape(1, -1), classes


def read_key(f, path, split, key):
    """The whole array stored under `key` in the open HDF5 file f (read from `path`)."""
    if key not in f:
        raise DatasetError(
            f"{path} has no key '{key}' (it has {sorted(f.keys())}); expected {LAYOUT.format(split=split)}. "
            f"Replace it with a file in that layout{rebuild_hint(path)}."
        )
    return f[key][()]


def missing_file_message(path):
    """Error message for a dataset file that does not exist: what is there, and how to fix it."""
    folder = path.parent
    available = ", ".join(available_datasets(folder)) or "none"
    return (
        f"Dataset file {path} not found. Image sets in {folder}: {available}. "
        f"Rebuild the course's sets with `python data/build_datasets.py{out_option(folder)}`; "
        f"to use your own set, put train_<name>.h5 and test_<name>.h5 in the course's layout in {folder}."
    )


def available_datasets(folder):
    """Names of the image sets whose train and test files are both in `folder`, sorted."""
    names = (path.stem.removeprefix("train_") for path in folder.glob("train_*.h5"))
    return sorted(name for name in names if (folder / f"test_{name}.h5").is_file())


def rebuild_hint(path):
    """', e.g. rebuild it with ...' for a shipped file, '' for a learner's own."""
    if path.name not in manifest():
        return ""
    return f", e.g. rebuild it with `python data/build_datasets.py{out_option(path.parent)}`"


def out_option(folder):
    """The --out option build_datasets.py needs to write into `folder` ('' for DATA_DIR)."""
    return "" if folder.resolve() == DATA_DIR else f" --out {folder}"


def manifest():
    """{file name: SHA-256} of the shipped files, from DATA_DIR/manifest.json ({} if absent)."""
    return json.loads(MANIFEST.read_text()) if MANIFEST.is_file() else {}


def verify_checksum(path):
    """Raise a DatasetError if `path` is a shipped file whose SHA-256 is not the manifest's."""
    expected = manifest().get(path.name)
    if expected is None:
        return
    stat = path.stat()
    got = file_sha256(path, stat.st_mtime_ns, stat.st_size)
    if got != expected:
        raise DatasetError(
            f"{path} is damaged or was changed: its SHA-256 is {got}, expected {expected} "
            f"(from {MANIFEST}). Rebuild it with `python data/build_datasets.py{out_option(path.parent)}`, "
            f"or restore it with `git checkout -- data/{path.name}`."
        )


@functools.lru_cache(maxsize=None)
def file_sha256(path, mtime_ns, size):
    """Hex SHA-256 of a file; cached per (path, mtime, size), so reloading an unchanged file is free."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_planar_dataset():
    """The course's planar "flower": two classes of 200 points each, in interleaved petals.

    Returns:
    X -- coordinates, float64 of shape (2, 400)
    Y -- labels 0 (red) or 1 (blue), uint8 of shape (1, 400)

    Uses the course's exact recipe with np.random.seed(1), so the points are the course's; the
    caller's global numpy random state is restored afterwards.
    """
    state = np.random.get_state()
    try:
        np.random.seed(1)
        m = 400
        N = m // 2  # points per class
        D = 2
        X = np.zeros((m, D))
        Y = np.zeros((m, 1), dtype="uint8")
        a = 4  # maximum length of a petal
        for j in range(2):
            ix = range(N * j, N * (j + 1))
            t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # angle
            r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
            X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
            Y[ix] = j
    finally:
        np.random.set_state(state)
    return X.T, Y.T


def load_extra_datasets():
    """Five more 2-D binary sets, in the spirit of scikit-learn's toy generators (numpy only).

    Returns:
    datasets -- dict name -> (X, Y) with X float64 of shape (2, 200) and Y int64 0/1 of shape (1, 200),
                for "noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"

    Drawn from np.random.default_rng(EXTRA_SEED): the same every call, global RNG untouched.
    """
    rng = np.random.default_rng(EXTRA_SEED)
    makers = {
        "noisy_circles": noisy_circles,
        "noisy_moons": noisy_moons,
        "blobs": blobs,
        "gaussian_quantiles": gaussian_quantiles,
        "no_structure": no_structure,
    }
    return {name: shuffled(*make(EXTRA_SIZE, rng), rng) for name, make in makers.items()}


def shuffled(X, Y, rng):
    """The columns of X (2, m) and Y (1, m) in one random order, Y as int64."""
    order = rng.permutation(X.shape[1])
    return X[:, order], Y[:, order].astype(np.int64)


def noisy_circles(m, rng, factor=0.5, noise=0.3):
    """Two noisy concentric circles, like make_circles: outer (label 0) and inner of radius `factor` (1).

    Returns X of shape (2, m), Y of shape (1, m).
    """
    m_outer = m // 2
    angles = np.r_[
        np.linspace(0, 2 * np.pi, m_outer, endpoint=False),
        np.linspace(0, 2 * np.pi, m - m_outer, endpoint=False),
    ]
    Y = (np.arange(m) >= m_outer).reshape(1, m)
    radius = np.where(Y[0], factor, 1.0)
    X = radius * np.vstack([np.cos(angles), np.sin(angles)])
    return X + rng.normal(0, noise, size=X.shape), Y


def noisy_moons(m, rng, noise=0.2):
    """Two interleaved noisy half circles, like make_moons. Returns X (2, m), Y (1, m)."""
    m_outer = m // 2
    outer = np.linspace(0, np.pi, m_outer)
    inner = np.linspace(0, np.pi, m - m_outer)
    X = np.c_[np.vstack([np.cos(outer), np.sin(outer)]), np.vstack([1 - np.cos(inner), 0.5 - np.sin(inner)])]
    Y = (np.arange(m) >= m_outer).reshape(1, m)
    return X + rng.normal(0, noise, size=X.shape), Y


def blobs(m, rng, centres=6, spread=1.0):
    """Gaussian blobs around `centres` random centres in [-10, 10]^2, like make_blobs.

    The label is the blob's index mod 2, so blobs of both classes are scattered about.
    Returns X (2, m), Y (1, m).
    """
    centre = rng.uniform(-10, 10, size=(2, centres))
    blob = np.arange(m) % centres
    X = centre[:, blob] + rng.normal(0, spread, size=(2, m))
    return X, (blob % 2).reshape(1, m)


def gaussian_quantiles(m, rng, variance=0.5):
    """One isotropic Gaussian cut at its median radius, like make_gaussian_quantiles(n_classes=2).

    Label 0 for the m // 2 points nearest the centre, 1 for the rest. Returns X (2, m), Y (1, m).
    """
    X = rng.normal(0, np.sqrt(variance), size=(2, m))
    rank = np.argsort(np.argsort(np.sum(X**2, axis=0)))
    return X, (rank >= m // 2).reshape(1, m)


def no_structure(m, rng):
    """Uniform random points in [0, 1)^2 with random labels: nothing to learn. X (2, m), Y (1, m)."""
    return rng.random((2, m)), rng.integers(0, 2, size=(1, m))
