#!/usr/bin/env python3
"""Set up the course in a project-local virtual environment, then open it or test it.

    python3 course.py lab     # install (first time only) and open the course in JupyterLab
    python3 course.py lab --instructor   # the same, with nbgrader's instructor panels (Formgrader, ...)
    python3 course.py test    # install (first time only) and run the whole test suite
    python3 course.py progress [FOLDER]   # every saved notebook: which exercises pass, why the others fail
    python3 course.py restore week2 01_numpy_basics sigmoid   # that exercise's answer cell back as released

Instructors (see README, "For instructors"; each wraps nbgrader):
    python3 course.py release week2                  # student versions -> notebooks/week2/
    python3 course.py grade week2 path/to/submissions
    python3 course.py grade week2 path/to/alice.ipynb   # one hand-in (or: a folder --student alice)
    python3 course.py feedback week2
    python3 course.py similarity week2 [FOLDER]      # near-identical hand-ins, side by side
    python3 course.py export week2 grades.csv        # or --format canvas|moodle [--roster roster.csv]
    python3 course.py expected                       # after editing a public check: store its expected values

Only the Python standard library is used here, so this runs on a machine that has nothing but
Python 3.11+. The environment lives in `.venv/` beside this file; it is rebuilt when
requirements.txt or pyproject.toml change. Extra arguments after `test` go to pytest, after
`lab` (other than --instructor) to JupyterLab.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"  # what the lab serves; it runs there, so nbgrader's Validate reads notebooks/nbgrader_config.py
COURSE = ROOT / "autograder"  # the nbgrader course: the instructor's lab runs there, so Formgrader finds it
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
#   chromium              -- a real browser for the lab test (Playwright drives it; it cannot download one)
TEST_PACKAGES = {
    "dataset-fashion-mnist": lambda: FASHION_MNIST.exists(),
    "bubblewrap": lambda: shutil.which("bwrap") is not None,
    "postgresql": lambda: any(Path("/usr/lib/postgresql").glob("*/bin/postgres")),
    "chromium": lambda: Path("/usr/bin/chromium").exists(),
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


LAB_SETTINGS = ROOT / "lab" / "overrides.json5"  # the course's JupyterLab settings: line numbers on, ...
START_PAGE = "START.md"  # in notebooks/: the course map, where the lab opens

# nbgrader's parts a student has no use for, each a server extension and the lab plugins that
# show it: the instructor's panels, and the exchange's assignment list (with nbgrader's menu, which
# holds nothing else for a student), which without an exchange only shows errors. Validate stays.
INSTRUCTOR_ONLY = (
    ("nbgrader.server_extensions.formgrader", ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")),
    ("nbgrader.server_extensions.course_list", ("@jupyter/nbgrader:course-list",)),
)
EXCHANGE_ONLY = (
    ("nbgrader.server_extensions.assignment_list", ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:menu")),
)

# Whether nbgrader's exchange is set up for this user, found as the lab's assignment list finds it
# (nbgrader's configuration in notebooks/ and the Jupyter config folders): its folder (Exchange.root,
# /usr/local/share/nbgrader/exchange unless configured) must exist and be writable. Exits 0 if so.
EXCHANGE_PROBE = """
import os, sys
from jupyter_core.paths import jupyter_config_path
from nbgrader.apps import NbGrader
from nbgrader.exchange import ExchangeFactory
from nbgrader.utils import check_directory
app = NbGrader()
app.config_file_paths.append([os.getcwd(), *jupyter_config_path()])
app.load_config_file()
root = getattr(ExchangeFactory(config=app.config).List(config=app.config), "root", None)
sys.exit(0 if root is None or check_directory(root, write=True, execute=True) else 1)
"""


def exchange_configured(env=None):
    """Whether an nbgrader exchange is set up here (see EXCHANGE_PROBE); a custom exchange class counts."""
    probe = [str(venv_bin("python")), "-c", EXCHANGE_PROBE]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.run(probe, env=env or course_env(), cwd=NOTEBOOKS, check=False, **quiet).returncode == 0


def lab_folder(instructor=False):
    """Where the lab runs and what it serves: notebooks/ for students (nbgrader's Validate reads
    notebooks/nbgrader_config.py there), the nbgrader course autograder/ for instructors (its
    nbgrader_config.py makes Formgrader show the course's assignments, submissions and gradebook)."""
    return COURSE if instructor else NOTEBOOKS


def lab_command(extra, instructor=False, exchange=False):
    """The JupyterLab command line that opens the course: for students on notebooks/, at its start
    page; for instructors on autograder/, at Formgrader.

    For students (the default) nbgrader's instructor panels are off, and so is its assignment list
    unless `exchange` (an nbgrader exchange is set up); instructor=True keeps all of nbgrader. All
    of it holds for this launch only: no Jupyter configuration of the user's is changed.
    """
    off = () if instructor else INSTRUCTOR_ONLY + (() if exchange else EXCHANGE_ONLY)
    role = "instructor" if instructor else "student-exchange" if exchange else "student"
    settings = lab_settings(role, [plugin for _, plugins in off for plugin in plugins])
    servers_off = [f"--ServerApp.jpserver_extensions={server}=False" for server, _ in off]
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # containers run as root
    return [
        str(venv_bin("jupyter")), "lab", f"--ServerApp.root_dir={lab_folder(instructor)}",
        f"--LabApp.default_url={'/formgrader' if instructor else f'/lab/tree/{START_PAGE}'}",
        f"--LabApp.app_settings_dir={settings}", *servers_off, *as_root, *extra,
    ]


def lab_settings(role, disabled):
    """JupyterLab's application settings folder for one kind of launch, in .venv/ (rewritten each time):
    the course's settings as defaults, and the lab plugins to leave off (page_config.json)."""
    folder = VENV / "lab-settings" / role
    folder.mkdir(parents=True, exist_ok=True)
    files = {"overrides.json5": LAB_SETTINGS.read_text(), "page_config.json": json.dumps({"disabledExtensions": disabled}, indent=1)}
    for name, text in files.items():
        scratch = folder / f".{name}.{os.getpid()}"
        scratch.write_text(text)
        scratch.replace(folder / name)  # whole at once: another launch may be reading it
    return folder


INSTRUCTOR_COMMANDS = ("release", "grade", "feedback", "export", "expected", "similarity")
STUDENT_COMMANDS = ("progress", "restore")


def main(argv):
    if not argv or argv[0] not in ("lab", "test", *STUDENT_COMMANDS, *INSTRUCTOR_COMMANDS):
        print(__doc__.strip())
        return 2
    command, extra = argv[0], argv[1:]
    ensure_environment()
    if command == "lab":
        instructor = "--instructor" in extra
        extra = [arg for arg in extra if arg != "--instructor"]
        exchange = not instructor and exchange_configured()
        print("Opening the course in JupyterLab" + (
            ", with nbgrader's instructor panels." if instructor else
            " for students (nbgrader's instructor panels: python3 course.py lab --instructor)."), flush=True)
        return subprocess.call(lab_command(extra, instructor, exchange), env=course_env(), cwd=lab_folder(instructor))
    if command in (*STUDENT_COMMANDS, *INSTRUCTOR_COMMANDS):
        python = str(venv_bin("python"))
        return subprocess.call([python, "-m", "autograder", command, *extra], env=course_env(), cwd=ROOT)
    ensure_test_packages()
    return subprocess.call([str(venv_bin("python")), "-m", "pytest", *extra], env=course_env(), cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
