"""The API's one error shape and its OpenAPI declarations, shared by every route module.

Kept apart from ``api`` so that route modules (``correction_routes``) and the app
that mounts them do not import each other.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ApiError(Exception):
    """An error with an HTTP status and a stable code; rendered as JSON for the API, as a page otherwise."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


def contract(required: list[str]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"type": "object", "required": required}}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Request for a host this server does not serve"},
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid request"},
    503: {"model": ErrorBody, "description": "Store or NLP model unavailable"},
}
