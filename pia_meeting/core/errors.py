"""Errors the user can cause. Each carries a Japanese message fit to show as it is."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; `str(err)` is the Japanese message."""


class ValidationError(UserError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class FrozenError(UserError):
    """The 答申 wording is confirmed; unlock with a reason before changing it."""


class NotFoundError(UserError):
    pass


class FileExistsUserError(UserError):
    """The output file is already there; written only when the user says to overwrite."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.path = path  # the file that is there (a Path), when known
