"""Hand-ins -> grading jobs: the program is built from the master with the student's answers in,
whatever else the student did to the notebook; and every file that cannot be graded says why."""
import copy
import json
from pathlib import Path

import pytest

from autograder import masters
from autograder.grading.roster import Student
from autograder.grading.submission import (
    RESAVE, Cell, HandIn, Job, NotGradable, find_hand_ins, prepare, read_notebook,
)

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "autograder"
NUMPY, LOGREG = "01_numpy_basics", "02_logistic_regression"
NOTEBOOKS = [(path.parent.name, path.stem) for path in masters.paths()]
WRONG_L1 = "def L1(yhat, y):\n    return 0.0\n"
SHARED_3_4 = sorted(  # exercises of both week3 and week4a: initialize_parameters, compute_cost, update_parameters
    {e.function for e in masters.exercises(masters.path_of("week3_planar_data_classification"))}
    & {e.function for e in masters.exercises(masters.path_of("week4_deep_network_step_by_step"))}
)


def master(assignment="week2", notebook=NUMPY):
    return json.loads((COURSE / "source" / assignment / f"{notebook}.ipynb").read_text())


def release(assignment="week2", notebook=NUMPY):
    return json.loads((REPO / "notebooks" / assignment / f"{notebook}.ipynb").read_text())


def nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def cell_of(nb, grade_id):
    return next(c for c in nb["cells"] if nbgrader(c).get("grade_id") == grade_id)


def text(cell):
    return "".join(cell["source"])


def code_cell(source, **metadata):
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": [], "source": source}


def with_ids(ids):
    """A notebook whose only cells are empty answer cells with these grade ids."""
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
            "cells": [code_cell("", nbgrader={"grade_id": i, "solution": True}) for i in ids]}


def hand_in(folder, *contents, student="ada"):
    """A HandIn of LMS files `<student>__<i>.ipynb`, one per content (a notebook, or raw bytes)."""
    paths = []
    for i, content in enumerate(contents):
        path = folder / f"{student}__{i}.ipynb"
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
        paths.append(path)
    return HandIn(student, tuple(paths))


def job_of(folder, nb, assignment="week2"):
    jobs = prepare(hand_in(folder, nb), COURSE, assignment)
    assert len(jobs) == 1
    return jobs[0]


def reason(folder, *contents, assignment="week2", **options):
    with pytest.raises(NotGradable) as caught:
        prepare(hand_in(folder, *contents), COURSE, assignment, **options)
    return str(caught.value)


def answer(job, grade_id):
    return next(c.source for c in job.cells if c.label == f"answer `{grade_id}`")


# ----------------------------------------------------------------------------- the program
@pytest.mark.parametrize("assignment, notebook", NOTEBOOKS)
def test_an_untouched_master_gives_every_code_cell_its_solution_and_a_probe_per_check(tmp_path, assignment, notebook):
    nb = master(assignment, notebook)
    job = job_of(tmp_path, nb, assignment)
    expected = []
    for number, cell in enumerate(nb["cells"], 1):
        meta = nbgrader(cell)
        if cell["cell_type"] != "code":
            continue
        if meta.get("solution"):
            expected.append(Cell("code", text(cell), f"answer `{meta['grade_id']}`"))
        elif meta.get("grade"):
            gid = meta["grade_id"]
            expected.append(Cell("probe", "", f"check `{gid}`", gid.removesuffix("_check"), gid, meta["points"]))
        else:
            expected.append(Cell("code", text(cell), f"cell {number} of the master"))
    assert job == Job(notebook, tuple(expected), ())
    assert sum(c.points for c in job.cells) == sum(nbgrader(c).get("points", 0) for c in nb["cells"])


def test_probes_stand_exactly_where_the_check_cells_were(tmp_path):
    job = job_of(tmp_path, master())
    labels = [c.label for c in job.cells]
    assert labels[:4] == [
        "cell 2 of the master", "cell 4 of the master", "cell 6 of the master", "answer `basic_sigmoid`"]
    assert job.cells[4] == Cell("probe", "", "check `basic_sigmoid_check`", "basic_sigmoid", "basic_sigmoid_check", 1.0)
    softmax = next(c for c in job.cells if c.kind == "probe" and c.function == "softmax")
    assert softmax.points == 2.0 and labels[labels.index("check `softmax_check`") - 1] == "answer `softmax`"


def test_an_untouched_release_runs_the_stubs_in_the_masters_program(tmp_path):
    job, solved = job_of(tmp_path, release()), job_of(tmp_path, master())
    stubs = {nbgrader(c)["grade_id"]: text(c) for c in release()["cells"] if nbgrader(c).get("solution")}
    assert {c.label: c.source for c in job.cells if c.label.startswith("answer")} == {
        f"answer `{g}`": s for g, s in stubs.items()}
    assert "raise NotImplementedError()" in stubs["L1"]
    others = [c for c in job.cells if not c.label.startswith("answer")]
    assert others == [c for c in solved.cells if not c.label.startswith("answer")]
    assert job.notes == ()


def deleted(nb, grade_id):
    nb["cells"].remove(cell_of(nb, grade_id))


def emptied(nb, grade_id):
    cell_of(nb, grade_id)["source"] = []


def edited(nb, grade_id):
    cell_of(nb, grade_id)["source"] = 'print("L1: all checks passed")'


def retyped(nb, grade_id, cell_type="markdown"):
    cell = cell_of(nb, grade_id)
    cell["cell_type"] = cell_type
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


def skip_tagged(nb, grade_id):
    cell_of(nb, grade_id)["metadata"]["tags"] = ["skip-execution"]


def reordered(nb, grade_id):
    nb["cells"].reverse()


def read_only_edited(nb, grade_id):
    nb["cells"][1]["source"] = "import numpy as np\nnp.allclose = lambda *a, **k: True\n"  # the imports cell, id kept


@pytest.mark.parametrize("tamper", [deleted, emptied, edited, retyped, skip_tagged, reordered, read_only_edited])
def test_tampering_with_check_or_read_only_cells_changes_nothing(tmp_path, tamper):
    nb = release()
    cell_of(nb, "L1")["source"] = WRONG_L1
    untouched = job_of(tmp_path, nb)
    tamper(nb, "L1_check")
    job = job_of(tmp_path, nb)
    assert job == untouched
    assert answer(job, "L1") == WRONG_L1 and job.notes == ()


def test_a_deleted_answer_is_empty_and_said(tmp_path):
    nb = master()
    deleted(nb, "sigmoid")
    job = job_of(tmp_path, nb)
    assert answer(job, "sigmoid") == ""
    assert answer(job, "L1") == text(cell_of(master(), "L1"))
    assert job.notes == ("no answer cell for `sigmoid` (deleted, or its nbgrader id changed)",)


def test_a_renamed_answer_id_is_a_missing_answer_whose_cell_runs_where_it_stands(tmp_path):
    nb = master()
    cell_of(nb, "L1")["metadata"]["nbgrader"]["grade_id"] = "L1_mine"
    job = job_of(tmp_path, nb)
    assert answer(job, "L1") == ""
    labels = [c.label for c in job.cells]
    moved = next(i for i, c in enumerate(job.cells) if "def L1(" in c.source)
    assert moved < labels.index("check `L1_check`")  # before its check (the empty answer cell defines nothing)
    assert job.notes == (
        "no answer cell for `L1` (deleted, or its nbgrader id changed)",
        "1 cell you added was run where it stands in your notebook",
    )


def test_of_duplicated_answers_the_last_one_is_used(tmp_path):
    nb = master()
    good = cell_of(nb, "L1")
    wrong = copy.deepcopy(good)
    wrong["source"] = WRONG_L1
    nb["cells"].insert(nb["cells"].index(good) + 1, wrong)
    job = job_of(tmp_path, nb)
    assert answer(job, "L1") == WRONG_L1
    assert job.notes == ("2 answer cells for `L1`; the last one was used",)


@pytest.mark.parametrize("cell_type", ["markdown", "raw"])
def test_an_answer_retyped_to_text_is_still_run_as_code(tmp_path, cell_type):
    nb = master()
    retyped(nb, "L1", cell_type)
    job = job_of(tmp_path, nb)
    assert answer(job, "L1") == text(cell_of(master(), "L1"))
    assert job.notes == (f"the answer cell for `L1` is a {cell_type} cell; it was run as code",)


def test_answers_of_reordered_cells_go_into_the_masters_order(tmp_path):
    nb = master()
    nb["cells"].reverse()
    assert job_of(tmp_path, nb) == job_of(tmp_path, master())


def test_cells_the_student_added_run_where_they_stand_and_are_said_once(tmp_path):
    nb = release()
    at = nb["cells"].index(cell_of(nb, "L1"))
    helper = "def helper(y):\n    return y * 2\n"
    copied = copy.deepcopy(nb["cells"][1])  # a copy of the imports cell: nothing new
    del copied["id"]
    nb["cells"][at:at] = [code_cell(helper), code_cell("x = 1"), code_cell("  \n"), copied,
                          {"cell_type": "markdown", "metadata": {}, "source": "my notes"}]
    job = job_of(tmp_path, nb)
    plain = job_of(tmp_path, release()).cells
    before_l1 = [c.label for c in plain].index("answer `L1`")
    # the added cells run right after the master cell before them (the copied imports cell counts as that)
    assert [c.source for c in job.cells if c.label.startswith("a cell you added")] == [helper, "x = 1"]
    assert [c for c in job.cells if not c.label.startswith("a cell you added")] == list(plain)
    assert [c.label for c in job.cells].index("answer `L1`") == before_l1 + 2
    assert job.notes == ("2 cells you added were run where they stand in your notebook",)
    nb["cells"].remove(next(c for c in nb["cells"] if c["source"] == "x = 1"))
    assert job_of(tmp_path, nb).notes == ("1 cell you added was run where it stands in your notebook",)


def test_an_answer_written_in_a_new_cell_below_its_stub_runs_before_its_check(tmp_path):
    nb = release()
    stub = cell_of(nb, "L1")
    nb["cells"].insert(nb["cells"].index(stub) + 1, code_cell(WRONG_L1))
    labels = [c.label for c in job_of(tmp_path, nb).cells]
    assert labels.index("answer `L1`") < labels.index("a cell you added, after answer `L1`") < labels.index("check `L1_check`")


def test_notes_of_one_notebook_come_in_the_masters_order(tmp_path):
    nb = master()
    retyped(nb, "L2")
    deleted(nb, "sigmoid")
    nb["cells"].append(code_cell("print('hi')"))
    assert job_of(tmp_path, nb).notes == (
        "no answer cell for `sigmoid` (deleted, or its nbgrader id changed)",
        "the answer cell for `L2` is a markdown cell; it was run as code",
        "1 cell you added was run where it stands in your notebook",
    )


# ----------------------------------------------------------------------------- several files
def test_each_notebook_handed_in_gets_a_job_in_the_masters_order(tmp_path):
    jobs = prepare(hand_in(tmp_path, release("week2", LOGREG), release("week2", NUMPY)), COURSE, "week2")
    assert [j.notebook for j in jobs] == [NUMPY, LOGREG]
    only = prepare(hand_in(tmp_path, master("week2", LOGREG)), COURSE, "week2")
    assert [j.notebook for j in only] == [LOGREG]


def test_two_files_of_the_same_notebook_are_not_gradable(tmp_path):
    assert reason(tmp_path, release(), master()) == (
        "ada__0.ipynb and ada__1.ipynb are both week2's 01_numpy_basics; keep one of them and grade again.")


def test_one_bad_file_makes_the_whole_hand_in_not_gradable(tmp_path):
    assert reason(tmp_path, master(), b"") == "ada__1.ipynb is an empty file (0 bytes); hand in the saved notebook."


# ----------------------------------------------------------------------------- identification
def test_a_notebook_of_another_assignment_is_named(tmp_path):
    assert reason(tmp_path, release("week3", "01_planar_data_classification")) == (
        "ada__0.ipynb: this is week3's 01_planar_data_classification, not a week2 notebook; "
        "hand in the week2 notebooks.")
    assert reason(tmp_path, master(), assignment="week3") == (
        "ada__0.ipynb: this is week2's 01_numpy_basics, not a week3 notebook; hand in the week3 notebooks.")


def test_a_notebook_with_no_cell_of_the_course_is_not_gradable(tmp_path):
    nb = release()
    for cell in nb["cells"]:
        cell["metadata"].pop("nbgrader", None)  # e.g. the cells pasted into a new notebook
    assert reason(tmp_path, nb) == (
        "ada__0.ipynb: none of its cells belong to week2 (it has no nbgrader id of any notebook of the course); "
        "hand in the week2 notebooks from notebooks/week2/ without copying their cells into a new notebook.")


def test_similarity_not_overlap_decides_between_notebooks_that_share_exercises(tmp_path):
    week3 = release("week3", "01_planar_data_classification")
    shared = SHARED_3_4 + [f"{g}_check" for g in SHARED_3_4]
    week3["cells"] = [c for c in week3["cells"] if not nbgrader(c) or nbgrader(c)["grade_id"] in shared]
    # all 6 ids are week4's too: an overlap count ties; Jaccard: 6/16 for week3 against 6/20 for week4
    assert job_of(tmp_path, week3, "week3").notebook == "01_planar_data_classification"
    # one of week4's own ids more: overlap says week4 (7 > 6); Jaccard still week3 (6/17 > 7/20)
    week3["cells"].append(code_cell("", nbgrader={"grade_id": "linear_forward", "solution": True}))
    assert job_of(tmp_path, week3, "week3").notebook == "01_planar_data_classification"
    assert "this is week3's 01_planar_data_classification" in reason(tmp_path, week3, assignment="week4")


def test_a_tie_identifies_nothing(tmp_path):
    only_01 = ["basic_sigmoid", "basic_sigmoid_check", "L1", "L1_check"]
    only_week1 = ["relu", "relu_check", "accuracy"]
    nb = with_ids([*only_01, *only_week1, "mine"])
    # week2's 01: 4 shared of 16 + 3 + 1 = 20 ids; week1's: 3 shared of 10 + 4 + 1 = 15 ids; 4/20 == 3/15
    assert reason(tmp_path, nb) == (
        "ada__0.ipynb: cannot tell which notebook it is: its nbgrader ids match week1's 01_what_is_a_neural_network "
        "and week2's 01_numpy_basics equally well; hand in each notebook as its own file.")


# ----------------------------------------------------------------------------- unreadable files
def notebook_with(**fields):
    nb = master()
    nb.update(fields)
    return {k: v for k, v in nb.items() if v is not None}


@pytest.mark.parametrize("content, expected", [
    (b"", "ada__0.ipynb is an empty file (0 bytes); hand in the saved notebook."),
    (b" \n\n", "ada__0.ipynb is an empty file (3 bytes); hand in the saved notebook."),
    (b'{"cells": [', "ada__0.ipynb is not valid JSON: Expecting value at line 1, column 12 "
                     f"(cut short, or edited outside Jupyter?); {RESAVE}."),
    (b'{\n "cells": [\n  {"source": "x",}\n ]\n}', "ada__0.ipynb is not valid JSON: Expecting property name "
     f"enclosed in double quotes at line 3, column 18 (cut short, or edited outside Jupyter?); {RESAVE}."),
    (b'{"cells": "\xff"}', f"ada__0.ipynb is not valid JSON: byte 11 is not UTF-8 text; {RESAVE}."),
    (b"[" * 200_000, f"ada__0.ipynb is not a notebook: its JSON is nested too deeply to read; {RESAVE}."),
    (b"[1, 2, 3]", f'ada__0.ipynb is not a notebook: its JSON is a list, not an object with "cells"; {RESAVE}.'),
    (notebook_with(cells=None), f'ada__0.ipynb is not a notebook: its JSON has no "cells" list; {RESAVE}.'),
    (notebook_with(cells=[{"cell_type": "code", "source": ""}, 7]),
     f"ada__0.ipynb is not a notebook: cell 2 is an int, not an object; {RESAVE}."),
    (notebook_with(cells=[code_cell(["a", 1])]),
     f"ada__0.ipynb is not a notebook: cell 1 has no text source; {RESAVE}."),
    (notebook_with(nbformat=3), f"ada__0.ipynb is in nbformat 3; nbformat 4 is expected: {RESAVE}."),
    (notebook_with(nbformat="x" * 100),
     f"ada__0.ipynb is in nbformat '{'x' * 36}...; nbformat 4 is expected: {RESAVE}."),
    (notebook_with(nbformat=None),
     f"ada__0.ipynb is not a notebook: it has no nbformat version (4 is expected); {RESAVE}."),
])
def test_a_file_that_is_not_an_nbformat_4_notebook_says_what_it_is(tmp_path, content, expected):
    assert reason(tmp_path, content) == expected


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    nb = master()
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "x" * 1_500_000})
    assert reason(tmp_path, nb, max_bytes=1_000_000) == (
        "ada__0.ipynb is 1.5 MB, larger than the 1 MB a notebook may be; clear its outputs "
        "(Edit > Clear Outputs of All Cells), save, and hand it in again.")
    huge = tmp_path / "huge.ipynb"
    with huge.open("wb") as file:
        file.truncate(21_000_000)  # sparse: 21 MB of zeros, written in no time
    with pytest.raises(NotGradable, match="is 21.0 MB, larger than the 20 MB"):
        read_notebook(huge)


def test_a_link_or_a_folder_is_not_read(tmp_path):
    (tmp_path / "secret").write_text(json.dumps(master()))
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "secret")
    (tmp_path / "dir.ipynb").mkdir()
    for name in ("link.ipynb", "dir.ipynb"):
        with pytest.raises(NotGradable, match=f"^{name} is not a regular file"):
            read_notebook(tmp_path / name)


# ----------------------------------------------------------------------------- finding hand-ins
def test_both_layouts_are_found_and_odd_names_are_skipped_with_a_note(tmp_path):
    def put(relative, content=b"{}"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    bob = [put("bob/week2/01_numpy_basics.ipynb"), put("bob/week2/mine.ipynb")]
    put("bob/week3/01_planar_data_classification.ipynb")       # another assignment
    put("bob/week2/.ipynb_checkpoints/01_numpy_basics-checkpoint.ipynb")
    put("bob/week2/notes.txt")
    odd = put("$(rm -rf x)/week2/x.ipynb")
    ada = put("ada.ipynb")
    cy = [put("cy__attempt 1.ipynb"), put("cy__attempt2.ipynb")]
    put("README.txt")
    put(".hidden.ipynb")
    japanese = put("日本__x.ipynb")
    put("_..__x.ipynb")  # the id would be `..`
    put("!!!.ipynb")
    put("e f.ipynb")
    put("e?f.ipynb")
    ef = put("ef.ipynb")
    (tmp_path / "g.ipynb").symlink_to(ada)
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "week2").symlink_to(tmp_path / "bob" / "week2")
    hand_ins, skipped = find_hand_ins(tmp_path, "week2")
    no_id = "(it needs a letter or a digit); rename it and grade again"
    assert hand_ins == [
        HandIn("ada", (ada,)), HandIn("bob", tuple(bob)), HandIn("cy", tuple(cy)), HandIn("ef", (ef,)),
        HandIn("rm_-rf_x", (odd,), Student("rm_-rf_x", "$(rm -rf x)")), HandIn("日本", (japanese,)),
    ]
    assert skipped == [
        f"'!!!.ipynb': no student id in '!!!' {no_id}",
        f"'_..__x.ipynb': no student id in '_..' {no_id}",
        "'g.ipynb': not a regular file (a link, folder or device); not graded",
        "'h/week2/01_numpy_basics.ipynb': not a regular file (a link, folder or device); not graded",
        "'h/week2/mine.ipynb': not a regular file (a link, folder or device); not graded",
        "'e f' and 'e?f' both become student id 'e_f'; rename one of them and grade again",
    ]


def test_no_hand_ins_is_an_error_that_says_what_was_expected(tmp_path):
    with pytest.raises(ValueError, match="is not a folder"):
        find_hand_ins(tmp_path / "missing", "week2")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "bob" / "week3").mkdir(parents=True)
    (tmp_path / "bob" / "week3" / "a.ipynb").write_text("{}")
    with pytest.raises(ValueError) as caught:
        find_hand_ins(tmp_path, "week2")
    assert str(caught.value) == (
        f"No hand-ins of week2 in {tmp_path}: expected <student>/week2/<notebook>.ipynb (nbgrader), "
        "<student>.ipynb / <student>__<anything>.ipynb, or a Canvas or Moodle download.")
    (tmp_path / "__x.ipynb").write_text("{}")
    with pytest.raises(ValueError, match=r"week2 in .*: '__x.ipynb': no student id in ''"):
        find_hand_ins(tmp_path, "week2")


def test_found_hand_ins_are_gradable_as_they_are(tmp_path):
    (tmp_path / "ada__week2_01.ipynb").write_text(json.dumps(release()))
    (tmp_path / "ada__week2_02.ipynb").write_text(json.dumps(master("week2", LOGREG)))
    (hand_in_,), _ = find_hand_ins(tmp_path, "week2")
    assert [j.notebook for j in prepare(hand_in_, COURSE, "week2")] == [NUMPY, LOGREG]
