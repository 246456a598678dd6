"""Type stubs for the native module (hand-written; checked by mypy.stubtest in the tests)."""

import os
from collections.abc import Iterable, Mapping
from typing import IO, Any, Literal, final

__version__: str

_Text = str | bytes | bytearray
_Policy = Mapping[str, Any] | str | os.PathLike[str]
_Format = Literal["text", "hl7", "fhir", "csv", "jsonl", "auto"]

@final
class Finding:
    """One span of identifying text; holds no text."""

    @property
    def start(self) -> int:
        """Index of the first code point (``str`` index)."""
    @property
    def end(self) -> int:
        """Index one past the last code point."""
    @property
    def label(self) -> str:
        """The label, e.g. ``"SSN"``."""
    @property
    def rule(self) -> str:
        """The rule that fired, e.g. ``"ssn.cue"``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class StreamStats:
    """Counters of one stream."""

    @property
    def bytes_in(self) -> int: ...
    @property
    def bytes_out(self) -> int: ...
    @property
    def findings(self) -> int: ...
    @property
    def segments(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...

@final
class Stream:
    """A push-style redacting stream; one thread at a time."""

    def write(self, data: _Text, /) -> str: ...
    def finish(self) -> str: ...
    @property
    def stats(self) -> StreamStats: ...

@final
class Redactor:
    """A redaction engine: immutable, shared freely between threads, picklable."""

    def __new__(
        cls,
        policy: _Policy | None = None,
        *,
        known_names: Iterable[str] | None = None,
        labels: Iterable[str] | None = None,
    ) -> Redactor: ...
    @property
    def labels(self) -> list[str]: ...
    def policy_json(self) -> str: ...
    def redact(self, text: _Text, *, known_names: Iterable[str] | None = None) -> str: ...
    def find(self, text: _Text, *, known_names: Iterable[str] | None = None) -> list[Finding]:
        """Findings with ``str`` indices; for bytes, indices into
        ``text.decode("utf-8", "replace")``."""
    def redact_many(
        self,
        texts: Iterable[_Text],
        *,
        known_names: Iterable[Iterable[str] | None] | None = None,
        threads: int | None = None,
    ) -> list[str]:
        """``known_names``: one item per text, ``None`` or that text's names."""
    def find_many(
        self,
        texts: Iterable[_Text],
        *,
        known_names: Iterable[Iterable[str] | None] | None = None,
        threads: int | None = None,
    ) -> list[list[Finding]]:
        """``find_many(texts)[i] == find(texts[i])``, found in parallel."""
    def stream(self, *, known_names: Iterable[str] | None = None) -> Stream: ...
    def redact_stream(
        self,
        src: IO[str] | IO[bytes],
        dst: IO[str] | IO[bytes],
        *,
        known_names: Iterable[str] | None = None,
        chunk_size: int = 65536,
    ) -> StreamStats: ...
    def redact_file(
        self,
        src: str | os.PathLike[str],
        dst: str | os.PathLike[str],
        *,
        known_names: Iterable[str] | None = None,
        threads: int | None = None,
    ) -> StreamStats:
        """Redacts the file ``src`` into ``dst`` in bounded memory, off the GIL, on
        ``threads`` threads (every core by default; the output is the same with any)."""
    def redact_format(self, data: _Text, format: _Format) -> str:
        """Redacts an HL7 v2 message, FHIR JSON, CSV or JSON lines field by field; raises
        ``FormatError`` on input that does not parse (or that ``"auto"`` cannot tell)."""
    def redact_format_file(
        self,
        src: str | os.PathLike[str],
        dst: str | os.PathLike[str],
        format: _Format,
    ) -> StreamStats: ...
    def __reduce__(self) -> tuple[type[Redactor], tuple[str]]: ...

def _bench_core(redactor: Redactor, texts: list[str], *, threads: int = 1) -> float: ...
