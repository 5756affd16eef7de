"""The outcome of a check as data: a Result per rung, a Report per check, and how it prints."""
from dataclasses import dataclass

GREEN, RED, RESET = "\033[32m", "\033[31m", "\033[0m"


@dataclass(frozen=True)
class Result:
    """The outcome of one rung, or of one behaviour check (kind: mutation, forbidden, vectorised,
    gradient, tampering)."""

    rung: str
    passed: bool
    message: str
    kind: str = ""


@dataclass(frozen=True)
class Report:
    """All results of one check, in ladder order; the ladder stops at the first failure."""

    function: str
    results: tuple

    @property
    def passed(self):
        return all(r.passed for r in self.results)

    @property
    def score(self):
        """(right, asked) for a quiz's report (its results of kind "question"), None for a function's."""
        questions = [r for r in self.results if r.kind == "question"]
        return (sum(r.passed for r in questions), len(questions)) if questions else None

    @property
    def failure(self):
        return next((r for r in self.results if not r.passed), None)

    def lines(self, colour=True):
        """The report as text lines: one per check, then the verdict."""
        green, red, reset = (GREEN, RED, RESET) if colour else ("", "", "")
        out = []
        for r in self.results:
            mark = f"{green}PASS{reset}" if r.passed else f"{red}FAIL{reset}"
            first, *rest = r.message.split("\n")
            out.append(f"  {mark}  {r.rung:<9} {first}")
            out.extend(f"                  {line}" for line in rest)
        out.append(self.summary(colour))
        return out

    def summary(self, colour=True):
        green, red, reset = (GREEN, RED, RESET) if colour else ("", "", "")
        if self.score:
            right, asked = self.score
            colour_of = green if self.passed else red
            return f"{colour_of}{self.function}: {right} of {asked} answers right{reset}"
        if self.passed:
            return f"{green}{self.function}: all checks passed{reset}"
        return f"{red}{self.function}: failed at the {self.failure.rung} check. Fix it and run this cell again.{reset}"


class CheckFailed(AssertionError):
    """Raised by `check` on failure. Jupyter shows only its one-line summary, no traceback."""

    def __init__(self, report):
        super().__init__(report.summary(colour=False))
        self.report = report

    def _render_traceback_(self):
        return [self.report.summary(colour=True)]
