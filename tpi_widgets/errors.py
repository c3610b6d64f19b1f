"""The project's own exception types, in one place (after papermill's exceptions.py).

Every error a user can cause derives from `TPIError`; the CLI prints its message on one line
and exits with code 2. Anything else is a bug and keeps its traceback.
"""


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


class ReportError(TPIError):
    """A document cannot be built as asked (unknown document, record or output folder)."""
