"""The function under check, and what is measured while it runs.

Every rung of the ladder reaches the checked function through a Subject, with one kind of request:
`call(args, kwargs, measure)`, whose Outcome carries the return value (or the error, described for
the student), the arguments as they are after the call (for the mutation check) and, when asked
for, the lines run in student code (vectorisation) and the watched functions it called (finished
versions it must not use). LiveSubject runs the student's function in this process; the grader's
subjects (dnn_utils.checks.replay) record these requests or answer them from a recording, so one
spec judges a live function and a recorded one alike. A new behaviour measurement is a new field
of Measure and Outcome, filled in LiveSubject.call.
"""
import copy
import linecache
import os
import sys
from dataclasses import dataclass, field

from . import hints
from .text import describe, name_of, parameter_names

# Code in these folders is library code: line counts and error locations are about the student's lines.
_LIBRARY_DIRS = tuple(
    os.path.realpath(p) + os.sep
    for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.dirname(__file__))}
)


@dataclass(frozen=True)
class Measure:
    """What to observe during one call besides its output.

    lines -- count the lines run in student code, per (file, line)
    watch -- dotted names of functions ("dnn_utils.activations.sigmoid") whose calls are reported
    """

    lines: bool = False
    watch: tuple = ()


NOTHING = Measure()


@dataclass
class Outcome:
    """One call of the checked function.

    value   -- its return value (None when it failed)
    error   -- None, or what went wrong, in words for the student
    before  -- (args, kwargs) as passed; after -- the same objects after the call
    lines   -- {(file, line): times run} in student code, when measured; sources -- their text
    called  -- the watched functions it called, by dotted name
    """

    value: object = None
    error: str | None = None
    before: tuple = ()
    after: tuple = ()
    lines: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    called: tuple = ()


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
        previous = sys.gettrace()
        try:
            if tracer:
                sys.settrace(tracer.on_call)
            try:
                value = function(*args, **kwargs)
            finally:
                if tracer:
                    sys.settrace(previous)
        except NotImplementedError as exc:
            return self._outcome(tracer, error=f"{unwritten(exc, function)} is not written yet: replace `raise NotImplementedError()` with your code.")
        except Exception as exc:  # any error in student code becomes a message, not a traceback
            return self._outcome(tracer, error=describe_exception(function, exc))
        return self._outcome(tracer, value=value, before=before, after=(args, kwargs))

    @staticmethod
    def _outcome(tracer, **fields):
        if tracer:
            fields.update(lines=tracer.lines, sources=tracer.sources(), called=tuple(tracer.called))
        return Outcome(**fields)

    def as_function(self):
        return self.function


class Tracer:
    """A sys.settrace hook that counts student lines and notes calls of watched functions."""

    def __init__(self, measure):
        self.count_lines = measure.lines
        self.watched = {code: name for name in measure.watch if (code := _code_of(name)) is not None}
        self.lines, self.called = {}, []

    def on_call(self, frame, event, arg):
        code = frame.f_code
        if code in self.watched:
            self.called.append(self.watched[code])
        if self.count_lines and is_student_file(code.co_filename):
            return self.on_line
        return None

    def on_line(self, frame, event, arg):
        if event == "line":
            key = (frame.f_code.co_filename, frame.f_lineno)
            self.lines[key] = self.lines.get(key, 0) + 1
        return self.on_line

    def sources(self):
        return {key: linecache.getline(*key).strip() for key in self.lines}


def _code_of(dotted):
    """The code object of the function named "package.module.name", or None if there is none."""
    module, _, name = dotted.rpartition(".")
    try:
        __import__(module)
    except ImportError:
        return None
    return getattr(getattr(sys.modules[module], name, None), "__code__", None)


def is_student_file(filename):
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False
    return not os.path.realpath(filename).startswith(_LIBRARY_DIRS)


def unwritten(exc, function):
    """Name of the function that raised NotImplementedError: the checked one or one it calls."""
    tb = exc.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    name = tb.tb_frame.f_code.co_name
    return name if is_student_file(tb.tb_frame.f_code.co_filename) and name != "<module>" else name_of(function)


def describe_exception(function, exc):
    """'f raised E: text', the student's line it came from, and a hint for numpy's shape errors."""
    where = student_line(exc.__traceback__)
    text = f"{name_of(function)} raised {type(exc).__name__}: {exc}"
    if where:
        text += f"\nat {where}"
    hint = hints.exception(exc)
    return f"{text}\n{hint}" if hint else text


def student_line(tb):
    """'line N: source' of the innermost traceback frame in the student's own code."""
    found = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if is_student_file(code.co_filename):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    if not found:
        return None
    source = linecache.getline(*found).strip()
    return f"line {found[1]}: {source}" if source else f"line {found[1]}"
