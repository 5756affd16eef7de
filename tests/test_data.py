"""dnn_utils.data and data/build_datasets.py: shapes, pinned values, checksums, the layout's checks and
their messages, recognising the original course's files, rebuilds."""
import hashlib
import importlib.util
import json
import shutil

import h5py
import numpy as np
import pytest

from dnn_utils import data
from dnn_utils.data import (
    DATA_DIR,
    DatasetError,
    dataset_kind,
    load_dataset,
    load_extra_datasets,
    load_planar_dataset,
)
from image_standin import write_standin

SHAPES = {
    "discs": ((209, 64, 64, 3), (50, 64, 64, 3)),
    "fashion": ((4000, 28, 28, 1), (1000, 28, 28, 1)),
}
CLASSES = {
    "discs": [b"other", b"warm-on-light or cool-on-dark"],
    "fashion": [b"t-shirt/top", b"shirt"],
}
SHIPPED_FILES = {f"{split}_{name}.h5" for name in SHAPES for split in ("train", "test")}
EXTRA_NAMES = {"noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"}


@pytest.fixture(autouse=True)
def default_environment(monkeypatch):
    """Every test starts from the shipped folder and the default dataset."""
    monkeypatch.delenv("DNN_DATA_DIR", raising=False)
    monkeypatch.delenv("DNN_DATASET", raising=False)


@pytest.fixture(scope="module")
def build_datasets():
    """data/build_datasets.py, imported as a module (data/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_datasets", DATA_DIR / "build_datasets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def array_digests(folder, name):
    """{file/key: SHA-256 of the array's bytes, dtype and shape} for both files of a dataset."""
    digests = {}
    for split in ("train", "test"):
        with h5py.File(folder / f"{split}_{name}.h5", "r") as f:
            for key in f:
                value = np.ascontiguousarray(f[key][()])
                tag = f"{value.dtype.str}{value.shape}".encode()
                digests[f"{split}/{key}"] = hashlib.sha256(tag + value.tobytes()).hexdigest()
    return digests


def write_course_layout(path, split, m=3, keys=None, **replace):
    """A tiny dataset file in the original course's layout; `keys` limits which keys are written,
    `replace` swaps in other arrays: x=..., y=..., classes=..."""
    arrays = {
        f"{split}_set_x": replace.get("x", np.arange(m * 4 * 4 * 3, dtype=np.uint8).reshape(m, 4, 4, 3)),
        f"{split}_set_y": replace.get("y", np.arange(m, dtype=np.int64) % 2),
        "list_classes": replace.get("classes", np.array([b"non-cat", b"cat"])),
    }
    with h5py.File(path, "w") as f:
        for key, value in arrays.items():
            if keys is None or key in keys:
                f.create_dataset(key, data=value)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_load_dataset_shapes_dtypes_and_classes(name):
    train_x, train_y, test_x, test_y, classes = load_dataset(name)
    (train_shape, test_shape) = SHAPES[name]
    assert train_x.shape == train_shape and train_x.dtype == np.uint8
    assert test_x.shape == test_shape and test_x.dtype == np.uint8
    assert train_y.shape == (1, train_shape[0]) and train_y.dtype == np.int64
    assert test_y.shape == (1, test_shape[0]) and test_y.dtype == np.int64
    assert classes.tolist() == CLASSES[name]
    for y in (train_y, test_y):
        assert set(np.unique(y)) == {0, 1}
        assert 0.35 < y.mean() < 0.65, f"{name}: {y.mean():.2f} of the labels are 1, expected about half"


def test_fashion_prefix_is_roughly_balanced():
    _, train_y, _, _, _ = load_dataset("fashion")
    assert 0.4 < train_y[:, :200].mean() < 0.6


def test_default_dataset_is_discs_and_env_var_changes_it(monkeypatch):
    assert load_dataset()[0].shape == SHAPES["discs"][0]
    monkeypatch.setenv("DNN_DATASET", "fashion")
    assert load_dataset()[0].shape == SHAPES["fashion"][0]


def test_a_caller_default_applies_only_while_dnn_dataset_is_unset(monkeypatch):
    assert load_dataset(default="fashion")[0].shape == SHAPES["fashion"][0]
    monkeypatch.setenv("DNN_DATASET", "discs")
    assert load_dataset(default="fashion")[0].shape == SHAPES["discs"][0]
    assert load_dataset("fashion", default="discs")[0].shape == SHAPES["fashion"][0]


def test_planar_dataset_matches_the_course():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and X.dtype == np.float64
    assert Y.shape == (1, 400) and Y.dtype == np.uint8
    np.testing.assert_allclose(X[:, 0], [1.20444229, 3.57611415], atol=1e-8)
    assert X.sum() == pytest.approx(10.087983277441666, abs=1e-12)
    assert Y.sum() == 200


@pytest.mark.parametrize("loader", [load_planar_dataset, load_extra_datasets])
def test_loaders_leave_the_global_rng_alone(loader):
    np.random.seed(123)
    expected = np.random.rand(3)
    np.random.seed(123)
    loader()
    np.testing.assert_array_equal(np.random.rand(3), expected)


def test_extra_datasets_shapes_labels_and_determinism():
    first, second = load_extra_datasets(), load_extra_datasets()
    assert set(first) == EXTRA_NAMES
    for name, (X, Y) in first.items():
        assert X.shape == (2, 200) and X.dtype == np.float64, name
        assert Y.shape == (1, 200) and Y.dtype == np.int64, name
        assert set(np.unique(Y)) == {0, 1}, name
        np.testing.assert_array_equal(X, second[name][0], err_msg=name)
        np.testing.assert_array_equal(Y, second[name][1], err_msg=name)


def test_manifest_matches_every_shipped_file():
    manifest = json.loads((DATA_DIR / "manifest.json").read_text())
    assert set(manifest) == SHIPPED_FILES
    for filename, expected in manifest.items():
        got = hashlib.sha256((DATA_DIR / filename).read_bytes()).hexdigest()
        assert got == expected, f"data/{filename}: SHA-256 {got}, manifest says {expected}"


def test_checksum_is_computed_once_per_unchanged_file():
    load_dataset("discs")
    before = data.file_sha256.cache_info()
    load_dataset("discs")
    after = data.file_sha256.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 2


def test_missing_shipped_file_elsewhere_names_the_path_the_course_copy_and_the_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("discs")
    message = str(excinfo.value)
    assert str(tmp_path / "train_discs.h5") in message
    assert f"ln -s {DATA_DIR / 'train_discs.h5'} {tmp_path}/" in message
    assert f"python data/build_datasets.py --out {tmp_path}" in message


def test_missing_shipped_file_in_the_course_folder_says_rebuild(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("fashion")
    message = str(excinfo.value)
    assert message.endswith("Rebuild the course's sets with `python data/build_datasets.py`.")


def test_unknown_dataset_lists_the_available_ones_and_says_the_user_supplies_it():
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("no_such_set")
    message = str(excinfo.value)
    assert str(DATA_DIR / "train_no_such_set.h5") in message
    assert "Image sets in " in message and "discs, fashion" in message
    assert "any other set is yours to supply" in message
    assert "train_no_such_set.h5 and test_no_such_set.h5" in message
    assert "Nothing here can build or download them." in message
    assert "build_datasets.py" not in message, "the build script cannot make a learner's set"


def test_missing_original_files_say_the_user_supplies_them(monkeypatch):
    monkeypatch.setenv("DNN_DATASET", "catvnoncat")
    with pytest.raises(DatasetError) as excinfo:
        load_dataset()
    message = str(excinfo.value)
    assert str(DATA_DIR / "train_catvnoncat.h5") in message
    assert "not shipped with this course, and nothing here can build or download them" in message
    assert f"copy both into {DATA_DIR}" in message
    assert "build_datasets.py" not in message


@pytest.mark.parametrize("name", ["../discs", "discs.h5", "", "my set"])
def test_a_name_that_is_not_an_identifier_is_refused(name):
    with pytest.raises(DatasetError, match="expected a plain name"):
        load_dataset(name)


def test_bad_name_from_the_environment_says_so(monkeypatch):
    monkeypatch.setenv("DNN_DATASET", "../etc")
    with pytest.raises(DatasetError, match="DNN_DATASET"):
        load_dataset()


def test_corrupted_file_fails_its_checksum(tmp_path, monkeypatch):
    for split in ("train", "test"):
        shutil.copy(DATA_DIR / f"{split}_discs.h5", tmp_path)
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    load_dataset("discs")
    path = tmp_path / "train_discs.h5"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 16] = bytes(b ^ 0xFF for b in raw[len(raw) // 2 : len(raw) // 2 + 16])
    path.write_bytes(bytes(raw))
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("discs")
    message = str(excinfo.value)
    expected = json.loads((DATA_DIR / "manifest.json").read_text())["train_discs.h5"]
    assert str(path) in message and expected in message
    assert hashlib.sha256(bytes(raw)).hexdigest() in message
    assert f"python data/build_datasets.py --out {tmp_path}" in message


def test_learner_dataset_outside_the_manifest_loads(tmp_path, monkeypatch):
    write_course_layout(tmp_path / "train_tiny.h5", "train", m=3)
    write_course_layout(tmp_path / "test_tiny.h5", "test", m=2)
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DNN_DATASET", "tiny")
    train_x, train_y, test_x, test_y, classes = load_dataset()
    assert train_x.shape == (3, 4, 4, 3) and train_y.shape == (1, 3) and train_y.dtype == np.int64
    assert test_x.shape == (2, 4, 4, 3) and test_y.shape == (1, 2)
    assert classes.tolist() == [b"non-cat", b"cat"]


def test_missing_key_names_the_file_the_key_and_the_layout(tmp_path, monkeypatch):
    write_course_layout(tmp_path / "train_tiny.h5", "train", keys={"train_set_x", "list_classes"})
    write_course_layout(tmp_path / "test_tiny.h5", "test")
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("tiny")
    message = str(excinfo.value)
    assert str(tmp_path / "train_tiny.h5") in message and "'train_set_y'" in message
    assert "train_set_x uint8 (m, height, width, channels)" in message


def test_file_that_is_not_hdf5_is_reported(tmp_path, monkeypatch):
    (tmp_path / "train_tiny.h5").write_bytes(b"not an HDF5 file")
    write_course_layout(tmp_path / "test_tiny.h5", "test")
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="is not a readable HDF5 file") as excinfo:
        load_dataset("tiny")
    assert str(tmp_path / "train_tiny.h5") in str(excinfo.value)


def test_discs_rebuild_twice_identically_and_equal_to_the_shipped_files(build_datasets, tmp_path):
    for out in (tmp_path / "a", tmp_path / "b"):
        assert build_datasets.main(["--only", "discs", "--out", str(out)]) == 0
    rebuilt = array_digests(tmp_path / "a", "discs")
    assert rebuilt == array_digests(tmp_path / "b", "discs")
    assert rebuilt == array_digests(DATA_DIR, "discs")
    assert (tmp_path / "a" / "manifest.json").read_text() == (tmp_path / "b" / "manifest.json").read_text()


def test_fashion_rebuilds_equal_to_the_shipped_files(build_datasets, tmp_path):
    if not build_datasets.FASHION_SOURCE.exists():
        pytest.skip(
            f"{build_datasets.FASHION_SOURCE} not found: install Debian's dataset-fashion-mnist "
            "to test the Fashion-MNIST rebuild"
        )
    assert build_datasets.main(["--only", "fashion", "--out", str(tmp_path)]) == 0
    assert array_digests(tmp_path, "fashion") == array_digests(DATA_DIR, "fashion")


def test_missing_fashion_source_names_the_path_and_the_package(build_datasets, tmp_path):
    with pytest.raises(build_datasets.BuildError) as excinfo:
        build_datasets.fashion_split("train", source=tmp_path)
    message = str(excinfo.value)
    assert str(tmp_path / "train-images-idx3-ubyte.gz") in message
    assert "apt-get install dataset-fashion-mnist" in message and "--only discs" in message


# ----------------------------------------------------------------------------- a learner's set: the layout's checks
def learner_set(tmp_path, monkeypatch, train=None, test=None):
    """Write train_tiny.h5 / test_tiny.h5 (arrays replaced as given) and point the loader at them."""
    write_course_layout(tmp_path / "train_tiny.h5", "train", **(train or {}))
    write_course_layout(tmp_path / "test_tiny.h5", "test", **(test or {}))
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    return tmp_path / "train_tiny.h5"


def layout_error(tmp_path, monkeypatch, **train):
    """The message load_dataset gives for a training file with these arrays replaced."""
    path = learner_set(tmp_path, monkeypatch, train=train)
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("tiny")
    message = str(excinfo.value)
    assert str(path) in message, message
    return message


def test_float_images_in_0_1_are_refused_with_the_conversion(tmp_path, monkeypatch):
    x = np.linspace(0, 1, 3 * 4 * 4 * 3, dtype=np.float32).reshape(3, 4, 4, 3)
    message = layout_error(tmp_path, monkeypatch, x=x)
    assert "train_set_x holds float32 values; expected uint8 pixel values 0 to 255" in message
    assert "Its values lie in [0, 1]: save np.rint(x * 255).astype(np.uint8)." in message


def test_integer_images_of_another_dtype_are_refused_with_the_conversion(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, x=np.full((3, 4, 4, 3), 200, dtype=np.int64))
    assert "holds int64 values" in message and "save np.rint(x).astype(np.uint8)" in message


def test_images_out_of_range_say_to_scale_them(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, x=np.full((3, 4, 4, 3), 1000.0))
    assert "Its values lie in [1000, 1000]: scale them to 0-255" in message


def test_images_without_a_channel_axis_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, x=np.zeros((3, 4, 4), dtype=np.uint8))
    assert "train_set_x has shape (3, 4, 4); expected (m, height, width, channels)" in message
    assert "x[..., np.newaxis]" in message


def test_four_channels_are_refused_with_the_fix(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, x=np.zeros((3, 4, 4, 4), dtype=np.uint8))
    assert "4 channels; expected 1 (grey) or 3 (RGB)" in message and "x[..., :3]" in message


def test_no_images_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, x=np.zeros((0, 4, 4, 3), dtype=np.uint8), y=np.zeros(0, dtype=np.int64))
    assert "holds no images" in message


def test_labels_other_than_0_and_1_are_listed(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, y=np.array([0.0, 1.0, 2.7]))
    assert "train_set_y holds labels other than 0 and 1 (2.7); expected 0 or 1" in message
    assert "Map your two classes to 0 and 1." in message


def test_labels_of_the_wrong_shape_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, y=np.array([0, 1, 1, 0]))
    assert "train_set_y has shape (4,) for 3 images; expected (3,) or (1, 3)" in message


def test_text_labels_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, y=np.array([b"cat", b"dog", b"cat"]))
    assert "train_set_y holds |S3 values; expected labels 0 or 1" in message


def test_three_class_names_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, classes=np.array([b"cat", b"dog", b"bird"]))
    assert "list_classes is |S4 of shape (3,)" in message
    assert "expected exactly two names, of label 0 then label 1" in message


def test_numbers_as_class_names_are_refused(tmp_path, monkeypatch):
    message = layout_error(tmp_path, monkeypatch, classes=np.array([0, 1]))
    assert "expected exactly two names" in message


def test_train_and_test_of_different_image_sizes_are_refused(tmp_path, monkeypatch):
    learner_set(tmp_path, monkeypatch, train={"x": np.zeros((3, 32, 32, 3), dtype=np.uint8)},
                test={"x": np.zeros((3, 64, 64, 3), dtype=np.uint8)})
    with pytest.raises(DatasetError) as excinfo:
        load_dataset("tiny")
    message = str(excinfo.value)
    assert "train_tiny.h5 holds images of shape (32, 32, 3) and test_tiny.h5 of shape (64, 64, 3)" in message
    assert str(tmp_path) in message and "resize one set's images to the other's" in message


def test_labels_as_a_row_and_grey_images_and_text_class_names_load(tmp_path, monkeypatch):
    grey = np.zeros((3, 4, 4, 1), dtype=np.uint8)
    learner_set(tmp_path, monkeypatch, train={"x": grey, "y": np.array([[1, 0, 1]], dtype=np.uint8)},
                test={"x": grey, "y": np.array([True, False, True]), "classes": np.array(["no", "yes"], dtype=h5py.string_dtype())})
    train_x, train_y, test_x, test_y, classes = load_dataset("tiny")
    assert train_x.shape == (3, 4, 4, 1) and test_x.shape == (3, 4, 4, 1)
    assert train_y.tolist() == [[1, 0, 1]] and train_y.dtype == np.int64 and test_y.tolist() == [[1, 0, 1]]
    assert classes.tolist() == [b"no", b"yes"]


# ----------------------------------------------------------------------------- which set is it?
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shipped_sets_are_their_own_kind(name):
    assert dataset_kind(name) == name


def test_the_stand_in_is_a_learners_own_set(tmp_path, monkeypatch):
    write_standin(tmp_path)
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    assert dataset_kind("catvnoncat") == "own"
    train_x, train_y, test_x, test_y, classes = load_dataset("catvnoncat")
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3)
    assert classes.tolist() == [b"non-cat", b"cat"]


def test_the_original_files_are_recognised_by_their_sha256_whatever_their_name(tmp_path, monkeypatch):
    train, test = write_standin(tmp_path, name="my_cats")
    digests = {split: hashlib.sha256(path.read_bytes()).hexdigest() for split, path in (("train", train), ("test", test))}
    monkeypatch.setattr(data, "ORIGINAL_SHA256", digests)
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    assert dataset_kind("my_cats") == data.ORIGINAL
    monkeypatch.setattr(data, "ORIGINAL_SHA256", {**digests, "test": "0" * 64})
    assert dataset_kind("my_cats") == "own", "both files must match"


def test_the_original_digests_are_the_published_ones():
    assert data.ORIGINAL_SHA256 == {
        "train": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
        "test": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
    }


def test_recognising_a_missing_set_gives_the_missing_file_message(tmp_path, monkeypatch):
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    with pytest.raises(DatasetError, match="The original course's cat pictures are not shipped"):
        dataset_kind("catvnoncat")
