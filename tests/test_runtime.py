import pytest

from dnn_utils import runtime


def test_full_length_for_a_learner(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not runtime.grading()
    assert runtime.iterations(3000, 100) == 3000


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_shorter_while_nbgrader_grades(monkeypatch, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    assert runtime.grading()
    assert runtime.iterations(3000, 100) == 100


def test_a_graded_length_longer_than_the_full_one_is_refused():
    with pytest.raises(ValueError, match="expected 0 < graded <= full"):
        runtime.iterations(100, 3000)
