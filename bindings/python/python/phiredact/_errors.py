"""The exception hierarchy of phiredact.

Messages name the problem (a policy field, an argument, a type) and never contain the
text being redacted, so they can be logged safely.
"""


class PhiredactError(Exception):
    """Base class of every error phiredact raises."""


class PolicyError(PhiredactError, ValueError):
    """The policy (document, dict, labels or custom pattern) is not valid."""


class InputError(PhiredactError, ValueError):
    """An argument has the wrong type or value (for example a str that is not valid Unicode)."""


class StreamError(PhiredactError):
    """A stream was used wrongly, for example written after ``finish()``."""


class FormatError(PhiredactError, ValueError):
    """Structured input (HL7 v2, FHIR JSON, CSV, JSON lines) does not parse in the requested
    format, or ``format="auto"`` could not tell the format. The message gives a line or a
    position, never the input."""


# Shown and pickled as phiredact.X, where users import them from.
for _cls in (PhiredactError, PolicyError, InputError, StreamError, FormatError):
    _cls.__module__ = "phiredact"
del _cls
