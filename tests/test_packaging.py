"""What `pip install .` gives a student: dnn_utils with the stored expected values, nothing of the
instructor's side (masters, solutions, hidden inputs)."""
import subprocess
import sys
import zipfile

import pytest

from autograder import expected
from notebook_tools import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(folder), str(REPO)],
        capture_output=True, text=True,
    )
    if done.returncode != 0 and "No matching distribution" in done.stderr:
        pytest.skip(f"pip could not fetch the build backend (setuptools) from PyPI: {done.stderr.strip()[-200:]}")
    assert done.returncode == 0, done.stderr
    (path,) = folder.glob("*.whl")
    return zipfile.ZipFile(path)


def test_the_package_holds_dnn_utils_and_every_stored_value(wheel):
    names = [n for n in wheel.namelist() if ".dist-info/" not in n]
    assert all(n.startswith("dnn_utils/") for n in names), [n for n in names if not n.startswith("dnn_utils/")]
    for module in expected.public_modules():
        assert f"dnn_utils/exercises/expected/{module}.json" in names


def test_the_package_holds_no_solution_and_no_hidden_input(wheel):
    for name in wheel.namelist():
        text = wheel.read(name).decode("utf-8", errors="replace")
        for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "hidden_checker", "INPUTS = {", "autograder.masters"):
            assert secret not in text, f"{name} contains {secret!r}"
