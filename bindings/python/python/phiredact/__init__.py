"""phiredact: find and redact protected health information (PHI) in clinical text.

>>> import phiredact
>>> r = phiredact.Redactor()
>>> r.redact("SSN 123-45-6789, call back at (555) 123-4567.")
'SSN [SSN], call back at [PHONE].'

Everything is done by the native extension ``phiredact._native`` (the Rust core); this
package only re-exports it and defines the exception classes.
"""

from phiredact._errors import (
    FormatError,
    InputError,
    PhiredactError,
    PolicyError,
    StreamError,
)
from phiredact._native import Finding, Redactor, Stream, StreamStats, __version__

__all__ = [
    "Finding",
    "FormatError",
    "InputError",
    "PhiredactError",
    "PolicyError",
    "Redactor",
    "Stream",
    "StreamError",
    "StreamStats",
    "__version__",
]
