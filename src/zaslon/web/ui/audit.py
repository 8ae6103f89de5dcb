"""UI page of the audit log (placeholder until the workflow service lands)."""

from __future__ import annotations

from fastapi import APIRouter

from zaslon.web.ui.pages import PREFIX

router = APIRouter(prefix=PREFIX, include_in_schema=False)
