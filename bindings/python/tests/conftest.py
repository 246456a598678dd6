import pytest

import phiredact

# Texts with identifiers, used by several test files. Every one yields at least one finding.
PHI_TEXTS = [
    "SSN 123-45-6789, call back at (555) 123-4567. DOB 03/04/1961.",
    "MRN: 00123456\n",
    "Pt José Álvarez 😀 SSN 123-45-6789 — tél (555) 123-4567",
    "患者 电话 (555) 123-4567 SSN 987-65-4321 ✓",
    "e-mail maria.lopez@example.org from 192.168.10.20",
]

CLEAN_TEXTS = [
    "",
    "No identifiers here.",
    "BP 120/80, HR 72, PEEP 5, FiO2 40%.",
    "Café crème ☕ — 你好 🙂",
]


@pytest.fixture(scope="session")
def redactor() -> phiredact.Redactor:
    return phiredact.Redactor()
