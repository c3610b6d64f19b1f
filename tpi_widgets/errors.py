"""The project's own exception types, in one place (after papermill's exceptions.py).

Every error a user can cause derives from `TPIError`; the CLI prints its message on one line
and exits with code 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class TPIError(Exception):
    """A problem the user can fix; its message is one line and names the problem."""


class ContentError(TPIError):
    """A content pack file is missing, unreadable or breaks the pack's rules."""

    def __init__(self, file: str, place: str, problem: str):
        self.file, self.place, self.problem = file, place, problem
        where = f"{file}: {place}" if place else file
        super().__init__(f"content pack error in {where}: {problem}")


class WorkspaceError(TPIError):
    """The folder is not a workspace, or a workspace operation cannot be done."""


class ConfigError(TPIError):
    """A partnership config (file or flags) is missing, unreadable or invalid."""


class StoreError(TPIError):
    """The store refused a write (for example a record that does not exist)."""


class StoreUnavailable(StoreError):
    """The database is busy, locked, gone or unreachable: a later try may succeed.
    `reason` is the database's own one-line account (e.g. "database is locked")."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"the database is busy or unreachable ({reason})")


class ReportError(TPIError):
    """A document cannot be built as asked (unknown document, record or output folder)."""


class Refused(TPIError):
    """A write the participant is not allowed to make; `key` names the UI string that says why."""

    def __init__(self, key: str, message: str = ""):
        self.key = key
        super().__init__(message or key)


class NotSignedIn(TPIError):
    """A page tried to save before its participant signed in."""

    def __init__(self):
        super().__init__("sign in first")


class UnknownCollection(TPIError):
    """A collection name that the records registry (core/records.py) does not declare."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no collection {name!r} in the records registry")


class UnknownStep(TPIError):
    """A step number that the step registry (core/steps.py) does not declare."""

    def __init__(self, number: object):
        self.number = number
        super().__init__(f"no step {number!r} in the cycle")



class BundleRefused(TPIError):
    """A bundle that cannot be imported here: damaged, changed, or from another pack or a newer tpi."""


class SheetProblems(TPIError):
    """Everything wrong with a filled spreadsheet: the first line counts the problems, then one a
    line (sheet, row, column: reason), so that all of them are fixed in one go."""

    def __init__(self, file, problems: list[str]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
        super().__init__("\n".join([f"{count} in {file.name}; nothing was imported:", *problems]))


class BadCell(TPIError):
    """A spreadsheet cell that cannot be stored; its text says why (collected into SheetProblems)."""
