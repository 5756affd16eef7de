"""How a notebook trains: on which image set, with which settings, and for how long.

nbgrader sets the environment variable NBGRADER_EXECUTION ("autograde" or "validate") in the
kernels it starts. Graded functions are checked by their check cells on fixed inputs, so shortening
the notebook's own demonstration runs never changes a grade.

TRAINING is the one table of the settings (learning rates, iterations, layers) of the notebooks
that train on images, per kind of image set; training_settings() picks a notebook's row for the set
$DNN_DATASET names, and the notebook prints it.
"""
import os
from dataclasses import dataclass

from dnn_utils import data


def grading():
    """True while nbgrader executes the notebook (NBGRADER_EXECUTION is set)."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def iterations(full, graded):
    """`full` gradient-descent iterations for a learner; `graded` while nbgrader grades the notebook.

    full, graded -- positive ints, graded <= full
    """
    if not 0 < graded <= full:
        raise ValueError(f"iterations(full={full}, graded={graded}): expected 0 < graded <= full.")
    return graded if grading() else full


@dataclass(frozen=True)
class Run:
    """One training run: its learning rate, `full` iterations for a learner, `graded` while nbgrader
    grades the notebook, and the sizes of its hidden layers (none for logistic regression)."""

    learning_rate: float
    full: int
    graded: int
    hidden: tuple = ()

    @property
    def num_iterations(self):
        """The iterations this run trains for here: iterations(full, graded)."""
        return iterations(self.full, self.graded)

    def layers_dims(self, n_x):
        """The layer sizes [n_x, *hidden, 1] of a network reading n_x features."""
        return [n_x, *self.hidden, 1]

    def length(self):
        """"N iterations", and the full number too while nbgrader grades."""
        shorter = f" ({self.full} outside grading)" if self.num_iterations != self.full else ""
        return f"{self.num_iterations} iterations{shorter}"

    def __str__(self):
        layers = f"layers [n_x, {', '.join(map(str, self.hidden))}, 1], " if self.hidden else ""
        return f"{layers}learning rate {self.learning_rate}, {self.length()}"


def sweep(rates, full, graded):
    """One Run per learning rate, all of the same length: a learning-rate sweep."""
    return tuple(Run(rate, full, graded) for rate in rates)


# The training settings of the notebooks that train on images, per notebook and kind of image set
# (data.dataset_kind). Ours were found by trial runs; "catvnoncat" holds the original course's own,
# used for its files (recognised by their SHA-256) and, as a starting point, for any other set.
# "m_train": how many of the training images the notebook uses (all when absent).
TRAINING = {
    "week2_logistic_regression": {
        "default": "fashion",
        "fashion": {"model": Run(0.05, 2000, 300), "sweep": sweep((0.5, 0.05, 0.005), 1000, 200)},
        "discs": {"model": Run(0.002, 2000, 300), "sweep": sweep((0.02, 0.002, 0.0002), 1000, 200)},
        "catvnoncat": {"model": Run(0.005, 2000, 300), "sweep": sweep((0.01, 0.001, 0.0001), 1500, 200)},
    },
    "week4_deep_network_application": {
        "default": "discs",
        "discs": {
            "two_layer": Run(0.025, 800, 400, (7,)),
            "deep": Run(0.0125, 800, 400, (20, 7, 5)),
            "logistic": Run(0.002, 400, 200),
        },
        "fashion": {
            "two_layer": Run(0.05, 400, 200, (7,)),
            "deep": Run(0.05, 400, 200, (20, 7, 5)),
            "logistic": Run(0.05, 400, 200),
            "m_train": 1000,
        },
        "catvnoncat": {
            "two_layer": Run(0.0075, 2500, 400, (7,)),
            "deep": Run(0.0075, 2500, 400, (20, 7, 5)),
            "logistic": Run(0.005, 2000, 200),
        },
    },
}
# What each kind of set is, and where its settings come from: printed with the settings
ABOUT = {
    "discs": "the course's procedural discs (data/README.md); settings found by trial runs",
    "fashion": "Fashion-MNIST shirts against t-shirts/tops (data/README.md); settings found by trial runs",
    "catvnoncat": "the original course's cat pictures, recognised by their SHA-256; the original course's settings",
    "own": (
        "a set of your own: neither a shipped set nor, by SHA-256, the original course's files; "
        "the original course's settings, a starting point to tune"
    ),
}
RUN_NAMES = {
    "model": "logistic regression", "sweep": "learning-rate sweep", "logistic": "logistic regression",
    "two_layer": "2-layer network", "deep": "L-layer network",
}


@dataclass(frozen=True)
class Settings:
    """What a notebook trains on and how: the image set's name and kind, the runs, and m_train."""

    notebook: str
    dataset: str
    kind: str
    runs: dict
    m_train: int = None

    def __str__(self):
        source = data.data_dir()
        lines = [f"image set: {self.dataset} (train_{self.dataset}.h5, test_{self.dataset}.h5 in {source})",
                 f"  {ABOUT[self.kind]}"]
        if self.m_train is not None:
            lines.append(f"  training on the first {self.m_train} training images")
        for name, run in self.runs.items():
            if isinstance(run, tuple):
                rates = ", ".join(str(r.learning_rate) for r in run)
                lines.append(f"  {RUN_NAMES[name]:<20} learning rates {rates}, each {run[0].length()}")
            else:
                lines.append(f"  {RUN_NAMES[name]:<20} {run}")
        return "\n".join(lines)


def training_settings(notebook, name=None):
    """The image set a notebook trains on, and its settings from TRAINING.

    notebook -- a key of TRAINING, the notebook's check-module name, e.g. "week2_logistic_regression"
    name -- the image set; None means $DNN_DATASET, or the notebook's default set when that is not set

    A set that is neither shipped nor the original course's gets the original course's settings.
    """
    table = TRAINING[notebook]
    dataset = data.dataset_name(name, table["default"])
    kind = data.dataset_kind(dataset)
    row = dict(table[kind if kind in table else data.ORIGINAL])
    m_train = row.pop("m_train", None)
    return Settings(notebook, dataset, kind, row, m_train)
