"""Private details in a person's free text: email addresses, phone numbers, street addresses, postcodes, web pages.

People appear only in a public role, at town level (CONTRIBUTING, "People"). These detectors look at every
text field of a person record, after folding the tricks that hide a detail from a plain pattern: full-width
letters (＠, Ｏ) by Unicode NFKC, and spelt-out email addresses ("name at example dot org",
"name [at] example [dot] org"). They are tuned on the real person records in data/people, which must all pass
(tests/test_corpus.py), so a public role ("Co-ordinator at Credu") is not mistaken for an address.
"""

from __future__ import annotations

import re
import unicodedata

# "at" / "dot" written out: name [at] example [dot] org, name (at) example (dot) org, name at example dot org.
# A bare "at" counts only with a spelt-out "dot": "works at example.org" names a web page, not an address.
_BRACKET_AT = r"\s*[\[({<]\s*at\s*[\])}>]\s*"
_SPELT_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
_DOT = rf"(?:\.|{_SPELT_DOT})"
_TLD = r"(?:org|com|net|uk|cymru|wales|gov|ac|co|nhs|info|me|io|email)"
EMAILS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # with a real @ (also a full-width one, after NFKC), any domain
    re.compile(rf"[\w.+-]+{_BRACKET_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE),
    re.compile(rf"[\w.+-]+\s+at\s+[\w-]+(?:{_DOT}[\w-]+)*{_SPELT_DOT}{_TLD}\b", re.IGNORECASE),
)
# a number as people write it: +44 (0)29 2034 5678, 029.2034.5678, +1-202-555-0123, 07700 900123
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(?0)[\d\s.()-]{7,24}\d(?!\w)")
# a house number and a street: 12 High Street, 3a Church Rd, 7 Heol y Coleg, 22 Stryd Fawr
_STREET = re.compile(
    r"\b\d{1,4}[a-zA-Z]?,?\s+(?:(?:[A-Z][\w'’-]*\s+){1,3}(?:Street|St|Road|Rd|Lane|Avenue|Ave|Close|Drive|Way|"
    r"Crescent|Terrace|Place|Court|Gardens|Grove|Row|Square|Walk|Mews)\b|(?:Heol|Stryd|Ffordd|Lôn|Rhodfa|Cilgant)\s)"
)
# a full postcode, any case and spacing: SA9 1JJ, cf10 5bf; the district alone (SA9) names a town, not a home
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
_WEB = re.compile(rf"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.{_TLD}(?:/\S*)?(?!\w)", re.IGNORECASE)


def _phone(text: str) -> bool:
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(0))
        international = m.group(0).startswith("+") or m.group(0).lstrip("(").startswith("00")
        if (8 <= digits <= 15) if international else (10 <= digits <= 11):
            return True
    return False


def private_details(text: str) -> list[tuple[str, str]]:
    """(code, variant) of each kind of private detail in `text`, at most one of each."""
    folded = unicodedata.normalize("NFKC", text)
    found: list[tuple[str, str]] = []
    email = next((m for m in (r.search(folded) for r in EMAILS) if m), None)
    if email:
        found.append(("person-contact", "email"))
        folded = folded.replace(email.group(0), " ")  # its domain is not a web page as well
    if _phone(folded):
        found.append(("person-contact", "phone"))
    if _WEB.search(folded):
        found.append(("person-contact", "web"))
    if _STREET.search(folded):
        found.append(("person-address", "street"))
    if _POSTCODE.search(folded):
        found.append(("person-address", "postcode"))
    return found
