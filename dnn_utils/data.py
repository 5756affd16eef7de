"""The course's datasets: image sets read from data/*.h5, the planar "flower", and extra 2-D sets.

Image sets are pairs of files `train_{name}.h5` / `test_{name}.h5` in the original course's
HDF5 layout (see LAYOUT). Two ship with the course: "discs" and "fashion"; see data/README.md.
Any other set in that layout is the learner's to supply, the original course's cat pictures
(train_catvnoncat.h5, test_catvnoncat.h5) included: put the files in data/ and set
DNN_DATASET=catvnoncat. dataset_kind() recognises those files by their SHA-256, wherever they are
and whatever they are called.

Environment variables, read on every call:
    DNN_DATA_DIR -- folder to read the .h5 files from instead of DATA_DIR
    DNN_DATASET  -- image set load_dataset() reads when no name is given (default: the caller's
                    `default`, "discs" unless a notebook says otherwise)

Files named in DATA_DIR/manifest.json are checked against their SHA-256 before they are read,
wherever they are loaded from; other files (a learner's own) are checked for the layout only:
uint8 images (m, h, w, c) with c 1 or 3, labels 0 or 1, two class names, one image size in both
files. Every problem is raised as a DatasetError (a RuntimeError) whose message names the file and
says how to fix it.
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
SHIPPED = ("discs", "fashion")
ORIGINAL = "catvnoncat"
# SHA-256 of the original course's files, by split: how dataset_kind() recognises them
ORIGINAL_SHA256 = {
    "train": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    "test": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}
CHANNELS = (1, 3)
LAYOUT = (
    "the course's layout: {split}_set_x uint8 (m, height, width, channels) with 1 or 3 channels, "
    "{split}_set_y labels 0 or 1 of shape (m,) or (1, m), list_classes bytes (2,)"
)
EXTRA_SEED = 3
EXTRA_SIZE = 200


class DatasetError(RuntimeError):
    """A dataset file is missing, damaged or not in the course's layout; the message says what to do."""


def data_dir():
    """Folder the image sets are read from: $DNN_DATA_DIR if set, else DATA_DIR."""
    return Path(os.environ.get("DNN_DATA_DIR") or DATA_DIR)


def load_dataset(name=None, default=DEFAULT_DATASET):
    """Load an image set from `train_{name}.h5` and `test_{name}.h5` in data_dir(), checked.

    name -- a plain identifier such as "discs", "fashion" or "catvnoncat";
            None means $DNN_DATASET, or `default` when that is not set

    Returns:
    train_x_orig -- training images, uint8 of shape (m_train, height, width, channels)
    train_y -- training labels 0 or 1, int64 of shape (1, m_train)
    test_x_orig -- test images, uint8 of shape (m_test, height, width, channels)
    test_y -- test labels 0 or 1, int64 of shape (1, m_test)
    classes -- class names as bytes, shape (2,): classes[k] names label k
    """
    name = dataset_name(name, default)
    folder = data_dir()
    train_x_orig, train_y, _ = read_split(folder / f"train_{name}.h5", "train")
    test_x_orig, test_y, classes = read_split(folder / f"test_{name}.h5", "test")
    if train_x_orig.shape[1:] != test_x_orig.shape[1:]:
        raise DatasetError(
            f"train_{name}.h5 holds images of shape {train_x_orig.shape[1:]} and test_{name}.h5 of shape "
            f"{test_x_orig.shape[1:]} (height, width, channels), in {folder}; a model reads one size, so "
            f"resize one set's images to the other's and save them again."
        )
    return train_x_orig, train_y, test_x_orig, test_y, classes


def dataset_name(name=None, default=DEFAULT_DATASET):
    """The dataset name to load: `name`, else $DNN_DATASET, else `default`; checked."""
    source = "load_dataset's name" if name is not None else "the environment variable DNN_DATASET"
    name = name if name is not None else os.environ.get("DNN_DATASET") or default
    if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
        raise DatasetError(
            f"{source} is {name!r}, expected a plain name such as 'discs' or 'catvnoncat' "
            f"(letters, digits, underscores), which is read from train_<name>.h5 and test_<name>.h5 "
            f"in {data_dir()}."
        )
    return name


def read_split(path, split):
    """Images, labels and class names of one HDF5 file in the course's layout, checked.

    path -- the .h5 file; split -- "train" or "test", the prefix of its keys

    Returns:
    x -- images, uint8 of shape (m, height, width, channels), channels 1 or 3
    y -- labels 0 or 1, int64 of shape (1, m)
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
    check_images(path, split, x)
    check_labels(path, split, y, len(x))
    return x, y.astype(np.int64).reshape(1, -1), class_names(path, classes)


def check_images(path, split, x):
    """Raise a DatasetError unless x is uint8 of shape (m, h, w, c), m >= 1, c in CHANNELS."""
    key = f"{split}_set_x"
    if x.dtype != np.uint8:
        raise DatasetError(f"{path}: {key} holds {x.dtype} values; expected uint8 pixel values 0 to 255. {uint8_hint(x)}")
    if x.ndim != 4:
        hint = " For grey images add a channel axis: x[..., np.newaxis]." if x.ndim == 3 else ""
        raise DatasetError(f"{path}: {key} has shape {x.shape}; expected (m, height, width, channels).{hint}")
    if x.shape[-1] not in CHANNELS:
        hint = " Drop the alpha channel: x[..., :3]." if x.shape[-1] == 4 else ""
        raise DatasetError(
            f"{path}: {key} has shape {x.shape}, {x.shape[-1]} channels; expected 1 (grey) or 3 (RGB), "
            f"the last axis.{hint}"
        )
    if len(x) == 0:
        raise DatasetError(f"{path}: {key} holds no images (shape {x.shape}); save at least one.")


def uint8_hint(x):
    """How to turn the images x into uint8 0-255, judged from their range."""
    if x.size and np.issubdtype(x.dtype, np.number) and not np.iscomplexobj(x):
        low, high = float(np.min(x)), float(np.max(x))
        if 0 <= low and high <= 1 and np.issubdtype(x.dtype, np.floating):
            return f"Its values lie in [{low:g}, {high:g}]: save np.rint(x * 255).astype(np.uint8)."
        if 0 <= low and high <= 255:
            return f"Its values lie in [{low:g}, {high:g}]: save np.rint(x).astype(np.uint8)."
        return f"Its values lie in [{low:g}, {high:g}]: scale them to 0-255, then save them as np.uint8."
    return "Save the pixel values as np.uint8."


def check_labels(path, split, y, m):
    """Raise a DatasetError unless y holds m labels 0 or 1, shaped (m,) or (1, m)."""
    key = f"{split}_set_y"
    if y.shape not in ((m,), (1, m)):
        raise DatasetError(
            f"{path}: {key} has shape {y.shape} for {m} images; expected ({m},) or (1, {m}), one label per image."
        )
    if not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise DatasetError(f"{path}: {key} holds {y.dtype} values; expected labels 0 or 1, as integers.")
    others = np.unique(y[~np.isin(y, (0, 1))])
    if others.size:
        shown = ", ".join(f"{value:g}" for value in others[:5].tolist()) + (", ..." if others.size > 5 else "")
        raise DatasetError(
            f"{path}: {key} holds labels other than 0 and 1 ({shown}); expected 0 or 1, the index of the "
            f"class name in list_classes. Map your two classes to 0 and 1."
        )


def class_names(path, classes):
    """The two class names, as bytes of shape (2,); a DatasetError unless there are exactly two strings."""
    names = np.asarray(classes)
    if names.ndim != 1 or names.shape[0] != 2 or names.dtype.kind not in "SUO":
        raise DatasetError(
            f"{path}: list_classes is {names.dtype} of shape {names.shape} ({names.tolist()!r}); expected "
            f"exactly two names, of label 0 then label 1, e.g. np.array([b'non-cat', b'cat'])."
        )
    if not all(isinstance(name, (bytes, str)) for name in names.tolist()):
        raise DatasetError(f"{path}: list_classes holds {names.tolist()!r}; expected two names, bytes or text.")
    return np.array([name if isinstance(name, bytes) else name.encode() for name in names.tolist()])


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
    name = path.stem.split("_", 1)[1]
    available = ", ".join(available_datasets(folder)) or "none"
    found = f"Dataset file {path} not found. Image sets in {folder}: {available}."
    if name in SHIPPED:
        shipped = DATA_DIR / path.name
        if folder.resolve() != DATA_DIR and shipped.is_file():
            return (
                f"{found} The course's copy is {shipped}: link it into {folder} with `ln -s {shipped} {folder}/`, "
                f"or rebuild the course's sets there with `python data/build_datasets.py{out_option(folder)}`."
            )
        return f"{found} Rebuild the course's sets with `python data/build_datasets.py{out_option(folder)}`."
    if name == ORIGINAL:
        return (
            f"{found} The original course's cat pictures are not shipped with this course, and nothing here can "
            f"build or download them: if you have train_catvnoncat.h5 and test_catvnoncat.h5 from the original "
            f"course, copy both into {folder}. Without them, leave DNN_DATASET unset to use the course's own sets."
        )
    return (
        f"{found} The course ships only {' and '.join(SHIPPED)}; any other set is yours to supply: put "
        f"train_{name}.h5 and test_{name}.h5, in {LAYOUT.format(split='<split>')}, in {folder} "
        f"(see data/README.md). Nothing here can build or download them."
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


def dataset_kind(name=None, default=DEFAULT_DATASET):
    """What the image set `name` is: "discs" or "fashion" (shipped, checked by load_dataset against
    the manifest), ORIGINAL when both files have the original course's SHA-256 (whatever their
    name), else "own". name and default as for load_dataset.
    """
    name = dataset_name(name, default)
    if name in SHIPPED:
        return name
    digests = {}
    for split in ("train", "test"):
        path = data_dir() / f"{split}_{name}.h5"
        if not path.is_file():
            raise DatasetError(missing_file_message(path))
        stat = path.stat()
        digests[split] = file_sha256(path, stat.st_mtime_ns, stat.st_size)
    return ORIGINAL if digests == ORIGINAL_SHA256 else "own"


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
