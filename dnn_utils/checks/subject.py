"""The function under check, and what is measured while it runs.

Every rung of the ladder reaches the checked function through a Subject, with one kind of request:
`call(args, kwargs, measure)`, whose Outcome carries the return value (or the Fault it raised), the
arguments as they are after the call (for the mutation check) and, when asked for, the lines run
(vectorisation) and the watched functions it called (finished versions it must not use).
LiveSubject runs the student's function in this process; the grader's subjects
(dnn_utils.checks.replay) record these requests or answer them from a recording, so one spec
judges a live function and a recorded one alike. A new behaviour measurement is a new field of
Measure and Outcome, filled in LiveSubject.call.

What the measurement cannot be fooled by:
- every Python line run during the call counts, wherever its code came from (a file, exec of a
  string, code compiled under a library's file name): a loop over examples makes the count grow;
- a watched function is recognised by its code's fingerprint (bytecode, names, nested code, not
  its name or identity), so a renamed or re-wrapped copy of a finished function is still it;
- the tracer is guarded: while a call is measured, sys.settrace refuses to replace it and the
  attempt is reported as tampering, as is a call that leaves another tracer or sys.settrace in place.

What the student sees of a call is the check's message only: warnings the call would print (numpy's
RuntimeWarnings, with the kernel's file paths) are caught and not shown, since the values rung
judges the result (where warnings are errors, as under pytest, they still raise). In IPython, a
check cell that names a function not defined yet says which cell to run first instead of showing a
traceback (install_name_error_hint).
"""
import builtins
import copy
import hashlib
import linecache
import os
import sys
import threading
import types
import warnings
from dataclasses import dataclass, field

from . import hints
from .results import RED, RESET
from .text import describe, name_of, parameter_names

# Code in these folders is library code: error locations and the line a message points at are
# the student's own when there is one.
_LIBRARY_DIRS = tuple(
    os.path.realpath(p) + os.sep
    for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(__file__))}
)


@dataclass(frozen=True)
class Measure:
    """What to observe during one call besides its output.

    lines -- count the Python lines run during the call, per (file, line)
    watch -- dotted names of functions ("dnn_utils.activations.sigmoid") whose calls are reported
    """

    lines: bool = False
    watch: tuple = ()


NOTHING = Measure()
NUMPY_ERRORS = ("LinAlgError", "AxisError")


@dataclass(frozen=True)
class Fault:
    """What went wrong in a call, as data: the grader words it without student-controlled text.

    kind    -- "unwritten" (NotImplementedError: `function` is the one not written yet) or "raised"
    type    -- the exception's class name
    file, line -- where in student code it happened ("" and 0 when not in student code)
    message -- the exception's message (shown in the student's own notebook only)
    where   -- the student's function the line belongs to ("" when unknown)
    """

    kind: str
    type: str = ""
    function: str = ""
    file: str = ""
    line: int = 0
    message: str = ""
    where: str = ""

    def text(self, checked, source, echo=True):
        """The message for the student. checked -- the checked function's name; source(file, line)
        -- the text of a line; echo -- whether the exception's own message may be shown."""
        if self.kind == "unwritten":
            return f"{self.function} is not written yet: replace `raise NotImplementedError()` with your code."
        shown_type = self.type if echo or hasattr(builtins, self.type) or self.type in NUMPY_ERRORS else "an exception of its own class"
        text = f"{checked} raised {shown_type}" + (f": {self.message}" if echo else "")
        inner = self.where if self.where not in ("", checked, "<module>", "<lambda>") else ""
        if self.line:
            line = source(self.file, self.line)
            at = f"at line {self.line}" + (f" of {inner} (called by {checked})" if inner else "")
            text += f"\n{at}: {line}" if line else f"\n{at}"
        if inner:  # a helper that passes its own check fails here only on the arguments it is given
            return f"{text}\nIf {inner} passed its own check, the arguments {checked} gives it are wrong: check what you pass to {inner}."
        hint = hints.exception_hint(self.type, self.message, echo)
        return f"{text}\n{hint}" if hint else text


@dataclass
class Outcome:
    """One call of the checked function.

    value    -- its return value (None when it failed)
    error    -- None, or what went wrong, in words for the student; fault -- the same as data
    before   -- (args, kwargs) as passed; after -- the same objects after the call
    lines    -- {(file, line): times run} during the call, when measured; sources -- their text
    called   -- the watched functions it called, by dotted name
    tampered -- None, or how the call interfered with the measurement
    """

    value: object = None
    error: str | None = None
    before: tuple = ()
    after: tuple = ()
    lines: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    called: tuple = ()
    tampered: str | None = None
    fault: Fault | None = None


class Subject:
    """What the ladder needs from the function it checks."""

    def is_callable(self):
        raise NotImplementedError

    def describe(self):
        """What it is, when it is not a function: "None", "a numpy array of shape (2,)"."""
        raise NotImplementedError

    def parameter_names(self):
        raise NotImplementedError

    def call(self, args, kwargs, measure=NOTHING):
        """Outcome of function(*args, **kwargs) on deep copies of the arguments."""
        raise NotImplementedError

    def as_function(self):
        """A plain callable for spec code (Gradient.cost / grads): returns the value, raises on error."""

        def function(*args, **kwargs):
            outcome = self.call(args, kwargs)
            if outcome.error is not None:
                raise StudentError(outcome.error)
            return outcome.value

        return function


class StudentError(Exception):
    """An error of the checked function, already described for the student."""


class LiveSubject(Subject):
    """The student's function itself, run in this process."""

    def __init__(self, function):
        self.function = function

    def is_callable(self):
        return callable(self.function)

    def describe(self):
        return describe(self.function)

    def parameter_names(self):
        return parameter_names(self.function)

    def call(self, args, kwargs, measure=NOTHING):
        function = self.function
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        before = copy.deepcopy((args, kwargs))
        tracer = Tracer(measure) if measure != NOTHING else None
        try:
            with warnings.catch_warnings(record=True):  # kept from the screen; a filter "error" still raises
                if tracer:
                    with tracer:
                        value = function(*args, **kwargs)
                else:
                    value = function(*args, **kwargs)
        except Exception as exc:  # any error in student code becomes a message, not a traceback
            fault = fault_of(function, exc)
            return self._outcome(tracer, error=fault.text(name_of(function), _source), fault=fault)
        return self._outcome(tracer, value=value, before=before, after=(args, kwargs))

    @staticmethod
    def _outcome(tracer, **fields):
        if tracer:
            fields.update(lines=tracer.lines, sources=tracer.sources(), called=tuple(tracer.called), tampered=tracer.tampered)
        return Outcome(**fields)

    def as_function(self):
        return self.function


class Tracer:
    """While entered: a sys.settrace hook that counts every line run and notes calls of watched
    functions; while it measures, sys.settrace refuses to switch it off (see _guarded_settrace)."""

    def __init__(self, measure):
        self.count_lines = measure.lines
        self.watched = {}
        for name in measure.watch:
            code = _code_of(name)
            if code is not None:
                self.watched[fingerprint(code)] = name
        self.fingerprints = {}
        self.lines, self.called, self.tampered = {}, [], None

    def __enter__(self):
        self.previous = sys.gettrace()
        _measuring.tracer = self
        _SETTRACE(self.on_call)
        return self

    def __exit__(self, *exc):
        current = sys.gettrace()
        _SETTRACE(self.previous)
        _measuring.tracer = None
        if getattr(current, "__self__", None) is not self:
            self.refuse("the tracer that counts lines and calls was switched off during the call")
        elif sys.settrace is not _guarded_settrace:
            self.refuse("sys.settrace was replaced during the call")
        return False

    def refuse(self, why="the call used sys.settrace, which would switch off the measurement"):
        if self.tampered is None:
            self.tampered = why

    def on_call(self, frame, event, arg):
        code = frame.f_code
        if self.watched:
            name = self.watched.get(self._fingerprint(code))
            if name is not None:
                self.called.append(name)
        return self.on_line if self.count_lines else None

    def on_line(self, frame, event, arg):
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            self.lines[key] = self.lines.get(key, 0) + 1
        return self.on_line

    def _fingerprint(self, code):
        found = self.fingerprints.get(code)
        if found is None:
            found = self.fingerprints[code] = fingerprint(code)
        return found

    def sources(self):
        return {key: _source(*key) for key in self.lines}


# sys.settrace, guarded once for the whole process: in a thread that is measuring a call it refuses
# (and the measurement notes the attempt); anywhere else (debuggers, coverage) it works as usual.
_measuring = threading.local()


def _guarded_settrace(function):
    tracer = getattr(_measuring, "tracer", None)
    if tracer is not None:
        tracer.refuse()
        return
    _SETTRACE(function)


_SETTRACE = getattr(sys.settrace, "real_settrace", sys.settrace)
_guarded_settrace.real_settrace = _SETTRACE
sys.settrace = _guarded_settrace


def fingerprint(code):
    """What a code object computes, without its name, file, line numbers or strings (docstrings):
    its bytecode, the names it uses, its argument count, and its constants and nested code."""
    digest = hashlib.sha256()
    digest.update(code.co_code)
    digest.update(repr((code.co_names, code.co_argcount, code.co_kwonlyargcount)).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            digest.update(fingerprint(const).encode())
        elif not isinstance(const, str):
            digest.update(repr(const).encode())
    return digest.hexdigest()


def _code_of(dotted):
    """The code object of the function named "package.module.name", or None if there is none."""
    module, _, name = dotted.rpartition(".")
    try:
        __import__(module)
    except ImportError:
        return None
    return getattr(getattr(sys.modules[module], name, None), "__code__", None)


def is_student_file(filename):
    """Whether code from `filename` is the student's: not the Python runtime, a package or the course's."""
    if filename.startswith("<frozen"):
        return False
    return filename.startswith("<") or not os.path.realpath(filename).startswith(_LIBRARY_DIRS)


def _source(file, line):
    return linecache.getline(file, line).strip()


def fault_of(function, exc):
    """The Fault of an exception raised by a call of `function`."""
    if isinstance(exc, NotImplementedError):
        return Fault("unwritten", type(exc).__name__, unwritten(exc, function))
    file, line, where = student_frame(exc.__traceback__)
    return Fault("raised", type(exc).__name__, name_of(function), file, line, str(exc), where)


def unwritten(exc, function):
    """Name of the function that raised NotImplementedError: the checked one or one it calls."""
    tb = exc.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    name = tb.tb_frame.f_code.co_name
    return name if is_student_file(tb.tb_frame.f_code.co_filename) and name != "<module>" else name_of(function)


def describe_exception(function, exc):
    """'f raised E: text', the student's line it came from, and a hint for numpy's errors."""
    return fault_of(function, exc).text(name_of(function), _source)


def student_frame(tb):
    """(file, line, function name) of the innermost traceback frame in the student's own code, or ("", 0, "")."""
    found = ("", 0, "")
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_student_file(code.co_filename):
            found = (code.co_filename, tb.tb_lineno, code.co_name)
        tb = tb.tb_next
    return found


# ----------------------------------------------------------------------------- notebooks
def install_name_error_hint():
    """In IPython, word a NameError raised by a cell's own line as which cell to run first.

    After a kernel restart, `check(sigmoid)` fails before any check runs: `sigmoid` is evaluated
    first. The cell then shows "sigmoid is not defined: run its answer cell (the cell with `def
    sigmoid`) first." instead of a traceback; it still fails, so Run All stops there as before. A
    NameError deeper down keeps its traceback, with the same sentence under it. Nothing happens
    outside IPython, or where the notebook already set a handler of its own.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or not hasattr(shell, "set_custom_exc") or shell.custom_exceptions:
        return
    shell.set_custom_exc((NameError,), _name_error_hint)


def _name_error_hint(shell, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: shows the hint as the cell's error output (the cell still fails)."""
    hint = hints.exception_hint(etype.__name__, str(value))  # None for an UnboundLocalError
    last = tb
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    code = last.tb_frame.f_code if last is not None else None
    if hint and code is not None and code.co_name == "<module>" and is_student_file(code.co_filename):
        restart = "After a kernel restart, run the cells above this one first: Run > Run All Above Selected Cell."
        shown = [f"{RED}NameError: {hint}{RESET}\n{restart}"]
    else:
        shown = [*shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset), *([hint] if hint else [])]
    shell._showtraceback(etype, value, shown)
    return shown


install_name_error_hint()
