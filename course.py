#!/usr/bin/env python3
"""Set up the course in a project-local virtual environment, then open it or test it.

    python3 course.py lab     # install (first time only) and open the course in JupyterLab
    python3 course.py test    # install (first time only) and run the whole test suite

Instructors (see README, "For instructors"; each wraps nbgrader):
    python3 course.py release week2                  # student versions -> notebooks/week2/
    python3 course.py grade week2 path/to/submissions
    python3 course.py feedback week2
    python3 course.py export week2 grades.csv
    python3 course.py expected                       # after editing a public check: store its expected values

Only the Python standard library is used here, so this runs on a machine that has nothing but
Python 3.11+. The environment lives in `.venv/` beside this file; it is rebuilt when
requirements.txt or pyproject.toml change. Extra arguments after `test` go to pytest, after
`lab` to JupyterLab.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-requirements.sha256"
FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


def venv_bin(name):
    """Path of an executable inside the course's virtual environment."""
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def requirements_digest():
    """SHA-256 over the files that decide what gets installed."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment():
    """Create .venv and install requirements.txt into it, unless that is already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = requirements_digest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and venv_bin("python").exists():
        return
    if not venv_bin("python").exists():
        print(f"Creating the course environment in {VENV} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            sys.exit(
                f"Could not create a virtual environment in {VENV}: {exc}\n"
                "On Debian or Ubuntu install the venv module first: sudo apt-get install python3-venv"
            )
    print("Installing the course's requirements (a few minutes the first time) ...", flush=True)
    pip = [str(venv_bin("python")), "-m", "pip"]
    subprocess.run(pip + ["install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run(pip + ["install", "--quiet", "-r", str(ROOT / "requirements.txt")], check=True, cwd=ROOT)
    STAMP.write_text(wanted + "\n")


# Debian packages the test suite uses, each with how to tell it is there:
#   dataset-fashion-mnist -- source of data/*fashion*.h5, for the data rebuild test
#   bubblewrap            -- the grading sandbox (also needed by `course.py grade`)
#   postgresql            -- a real PostgreSQL server for the gradebook test
TEST_PACKAGES = {
    "dataset-fashion-mnist": lambda: FASHION_MNIST.exists(),
    "bubblewrap": lambda: shutil.which("bwrap") is not None,
    "postgresql": lambda: any(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
}


def ensure_test_packages():
    """Install the Debian packages the tests need, when we may (root and apt-get).

    Without root or apt-get nothing is installed, and each test that needs a missing package is
    skipped and says which package to install.
    """
    missing = [name for name, present in TEST_PACKAGES.items() if not present()]
    if not missing or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    print(f"Installing Debian packages for the tests: {', '.join(missing)} ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=False, env=env, **quiet)


def course_env():
    """Environment for every course process: one BLAS thread is faster on a shared 2-core machine."""
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(name, "1")
    env["PATH"] = f"{venv_bin('python').parent}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    # The instructor side (autograder/) is not installed; masters and grading kernels import it from here.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def lab_command(extra):
    """The JupyterLab command line that opens the course on notebooks/."""
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers run as root
    return [str(venv_bin("jupyter")), "lab", f"--ServerApp.root_dir={ROOT / 'notebooks'}", *as_root, *extra]


INSTRUCTOR_COMMANDS = ("release", "grade", "feedback", "export", "expected")


def main(argv):
    if not argv or argv[0] not in ("lab", "test", *INSTRUCTOR_COMMANDS):
        print(__doc__.strip())
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment()
    if command == "lab":
        return subprocess.call(lab_command(extra), env=course_env(), cwd=ROOT)
    if command in INSTRUCTOR_COMMANDS:
        python = str(venv_bin("python"))
        return subprocess.call([python, "-m", "autograder", command, *extra], env=course_env(), cwd=ROOT)
    ensure_test_packages()
    return subprocess.call([str(venv_bin("python")), "-m", "pytest", *extra], env=course_env(), cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
