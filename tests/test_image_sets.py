"""Any image set in the course's layout: the settings each image notebook takes for it (the original
course's for the original files, recognised by SHA-256), and weeks 2b and 4b run top to bottom on a
generated 64x64x3 stand-in of the original course's cat pictures (the originals may not be shipped)."""
import base64
import hashlib
import io

import matplotlib.pyplot as plt
import pytest

from dnn_utils import data
from dnn_utils.runtime import TRAINING, Run, training_settings
from image_standin import write_standin
from notebook_tools import COURSE, cell_text, execute, fully_passed, grade_cells

WEEK2 = "week2_logistic_regression"
WEEK4 = "week4_deep_network_application"
MASTERS = {WEEK2: COURSE / "source/week2/02_logistic_regression.ipynb", WEEK4: COURSE / "source/week4/02_deep_network_application.ipynb"}


@pytest.fixture(autouse=True)
def learner_environment(monkeypatch):
    """Every test starts as a learner does: no dataset named, not graded."""
    for name in ("DNN_DATASET", "DNN_DATA_DIR", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def standin(tmp_path, monkeypatch):
    """The stand-in as catvnoncat in a data folder of its own, beside links to the shipped sets (week 4b
    compares with fashion); DNN_DATA_DIR points there and DNN_DATASET names catvnoncat."""
    write_standin(tmp_path)
    for name in data.SHIPPED:
        for split in ("train", "test"):
            (tmp_path / f"{split}_{name}.h5").symlink_to(data.DATA_DIR / f"{split}_{name}.h5")
    monkeypatch.setenv("DNN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DNN_DATASET", "catvnoncat")
    return tmp_path


@pytest.fixture
def original(standin, monkeypatch):
    """The stand-in passed off as the original files: ORIGINAL_SHA256 holds its digests."""
    digests = {split: hashlib.sha256((standin / f"{split}_catvnoncat.h5").read_bytes()).hexdigest() for split in ("train", "test")}
    monkeypatch.setattr(data, "ORIGINAL_SHA256", digests)
    return standin


def row(notebook, kind):
    """The runs of TRAINING's row, without m_train."""
    return {name: run for name, run in TRAINING[notebook][kind].items() if name != "m_train"}


# ----------------------------------------------------------------------------- the table
def test_the_original_course_settings_are_the_original_courses():
    week2, week4 = row(WEEK2, "catvnoncat"), row(WEEK4, "catvnoncat")
    assert (week2["model"].learning_rate, week2["model"].full) == (0.005, 2000)
    assert (week4["two_layer"].learning_rate, week4["two_layer"].full) == (0.0075, 2500)
    assert week4["two_layer"].layers_dims(12288) == [12288, 7, 1]
    assert (week4["deep"].learning_rate, week4["deep"].full) == (0.0075, 2500)
    assert week4["deep"].layers_dims(12288) == [12288, 20, 7, 5, 1]


def test_every_kind_of_set_has_every_run_its_notebook_reads_and_a_valid_length():
    for notebook, table in TRAINING.items():
        kinds = [kind for kind in table if kind != "default"]
        assert set(kinds) == {"discs", "fashion", "catvnoncat"}, notebook
        assert len({frozenset(row(notebook, kind)) for kind in kinds}) == 1, f"{notebook}: rows name different runs"
        for kind in kinds:
            for name, runs in row(notebook, kind).items():
                for run in runs if isinstance(runs, tuple) else (runs,):
                    assert 0 < run.graded <= run.full and run.learning_rate > 0, (notebook, kind, name)


# ----------------------------------------------------------------------------- picking a row
@pytest.mark.parametrize("notebook, default", [(WEEK2, "fashion"), (WEEK4, "discs")])
def test_each_notebook_keeps_its_default_set(notebook, default):
    settings = training_settings(notebook)
    assert (settings.dataset, settings.kind) == (default, default)
    assert settings.runs == row(notebook, default)


@pytest.mark.parametrize("notebook, name", [(WEEK2, "discs"), (WEEK4, "fashion")])
def test_dnn_dataset_picks_a_shipped_sets_row(monkeypatch, notebook, name):
    monkeypatch.setenv("DNN_DATASET", name)
    settings = training_settings(notebook)
    assert (settings.dataset, settings.kind, settings.runs) == (name, name, row(notebook, name))
    assert settings.m_train == TRAINING[notebook][name].get("m_train")


@pytest.mark.parametrize("notebook", [WEEK2, WEEK4])
def test_the_original_files_take_the_original_settings(original, notebook):
    settings = training_settings(notebook)
    assert (settings.dataset, settings.kind) == ("catvnoncat", "catvnoncat")
    assert settings.runs == row(notebook, "catvnoncat")
    assert "the original course's cat pictures, recognised by their SHA-256; the original course's settings" in str(settings)


@pytest.mark.parametrize("notebook", [WEEK2, WEEK4])
def test_another_set_starts_from_the_original_settings_and_says_it_is_not_the_original(standin, notebook):
    settings = training_settings(notebook)
    assert (settings.dataset, settings.kind) == ("catvnoncat", "own")
    assert settings.runs == row(notebook, "catvnoncat")
    text = str(settings)
    assert "a set of your own: neither a shipped set nor, by SHA-256, the original course's files" in text
    assert "recognised" not in text


def test_printed_settings_name_the_set_its_folder_and_every_run(standin):
    lines = str(training_settings(WEEK4)).splitlines()
    assert lines[0] == f"image set: catvnoncat (train_catvnoncat.h5, test_catvnoncat.h5 in {standin})"
    assert lines[2:] == [
        "  2-layer network      layers [n_x, 7, 1], learning rate 0.0075, 2500 iterations",
        "  L-layer network      layers [n_x, 20, 7, 5, 1], learning rate 0.0075, 2500 iterations",
        "  logistic regression  learning rate 0.005, 2000 iterations",
    ]


def test_grading_shortens_every_run_and_the_print_says_so(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    settings = training_settings(WEEK2)
    assert settings.runs["model"].num_iterations == 300
    assert [run.num_iterations for run in settings.runs["sweep"]] == [200] * 3
    text = str(settings)
    assert "logistic regression  learning rate 0.05, 300 iterations (2000 outside grading)" in text
    assert "learning rates 0.5, 0.05, 0.005, each 200 iterations (1000 outside grading)" in text


def test_a_run_gives_its_layer_sizes():
    assert Run(0.1, 10, 5, (3, 2)).layers_dims(4) == [4, 3, 2, 1]
    assert Run(0.1, 10, 5).layers_dims(4) == [4, 1]


# ----------------------------------------------------------------------------- the notebooks on the stand-in
def png_size(cell):
    """(width, height) in pixels of the first picture a cell displayed."""
    for out in cell.get("outputs", []):
        if "image/png" in out.get("data", {}):
            height, width = plt.imread(io.BytesIO(base64.b64decode(out.data["image/png"]))).shape[:2]
            return width, height
    raise AssertionError(f"cell {cell.id} displayed no picture:\n{cell_text(cell)}")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Weeks 2b and 4b executed on the stand-in, with DNN_DATASET=catvnoncat, graded lengths (short)."""
    folder = tmp_path_factory.mktemp("standin")
    write_standin(folder)
    for name in data.SHIPPED:
        for split in ("train", "test"):
            (folder / f"{split}_{name}.h5").symlink_to(data.DATA_DIR / f"{split}_{name}.h5")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DNN_DATA_DIR", str(folder))
        mp.setenv("DNN_DATASET", "catvnoncat")
        mp.setenv("NBGRADER_EXECUTION", "autograde")
        return folder, {notebook: execute(path, timeout=300) for notebook, path in MASTERS.items()}


@pytest.mark.parametrize("notebook", [WEEK2, WEEK4])
def test_notebook_runs_clean_on_the_stand_in_and_names_it(executed, notebook):
    folder, notebooks = executed
    nb = notebooks[notebook]
    errors = [c.source[:80] for c in nb.cells if any(o.output_type == "error" for o in c.get("outputs", []))]
    assert not errors, f"cells raised errors: {errors}"
    warnings = [c.source[:80] for c in nb.cells if "Warning" in cell_text(c)]
    assert not warnings, f"cells warned: {warnings}"
    for cell in grade_cells(nb):
        assert fully_passed(cell), cell_text(cell)
    first = next(cell_text(c) for c in nb.cells if "image set:" in cell_text(c))
    assert first.startswith(f"image set: catvnoncat (train_catvnoncat.h5, test_catvnoncat.h5 in {folder})\n  a set of your own")
    assert "64, 64, 3)" in first and "'non-cat'" in first and "'cat'" in first


def test_week2_draws_the_weights_of_each_colour_and_reads_your_own_colour_picture(executed):
    cells = {c.id: c for c in executed[1][WEEK2].cells}
    assert "catvnoncat: 300 iterations at learning rate 0.005" in cell_text(cells["c84a0e3a"])
    width, height = png_size(cells["ef177705"])  # the weight picture: one panel per channel
    assert width > 2 * height, f"expected three panels side by side, got a {width} x {height} picture"
    assert "learning rate 0.01  :" in cell_text(cells["2689d74d"])  # the original course's sweep
    assert "not a dark background" in cell_text(cells["3c331dcd"])
    assert "saved 256 x 256 picture" in cell_text(cells["3c331dcd"])
    png_size(cells["a0f62463"])  # your own picture, read, resized to 64 x 64 x 3 and predicted


def test_week4_trains_on_the_stand_in_and_compares_it_with_fashion(executed):
    cells = {c.id: c for c in executed[1][WEEK4].cells}
    assert "two-layer network (12288, 7, 1): learning rate 0.0075, 400 iterations" in cell_text(cells["b159a6c2"])
    assert "four-layer network [12288, 20, 7, 5, 1]: learning rate 0.0075, 400 iterations" in cell_text(cells["ad3fb952"])
    assert "logistic regression: learning rate 0.005, 200 iterations" in cell_text(cells["802e343a"])
    assert "catvnoncat is not the discs set" in cell_text(cells["7e204ffc"])
    table = cell_text(cells["3c57c803"])
    assert table.splitlines()[0].split() == ["catvnoncat", "fashion"]
    assert "catvnoncat: 50 test pictures" in table and "fashion: 1000 test pictures" in table
    assert "not on the discs" in cell_text(cells["c2f966f3"])
