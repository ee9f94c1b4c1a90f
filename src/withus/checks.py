"""Finding: the one shape every rule in withus returns.

Rules never raise at people. They return findings that are shown next to the thing they are
about, in plain English, with what to do. A blocking finding stops an action until someone with
the capability overrides it with a recorded reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    BLOCKING = "blocking"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    advice: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING
