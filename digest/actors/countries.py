"""Countries from CLDR, through Babel: names in Arabic and English, and Arabic demonyms.

CLDR has no demonyms, so they are derived from the Arabic name by the regular nisba rule
(فرنسا → فرنسي، روسيا → روسي، مصر → مصري) with its forms (ـي، ـية، ـيون، ـيين، ـيات);
`actors.yml` adds the irregular ones (الولايات المتحدة → أمريكي).
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from digest.model import Actor
from digest.text.ids import slugify

NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
"""CLDR territory codes that are not countries (unions, zones, placeholders)."""

NISBA_ENDINGS = ("ي", "ية", "يون", "يين", "يان", "يات")
"""Masculine, feminine, plural and dual forms of a nisba adjective."""


def nisba_stem(arabic: str) -> str | None:
    """The stem a demonym is built on, for one-word names: فرنسا → فرنس، روسيا → روس."""
    name = arabic.removeprefix("ال")
    if " " in name or len(name) < 3:
        return None
    if name.endswith("يا"):
        return name[:-2]
    if name.endswith(("ا", "ة")):
        return name[:-1]
    return name


def demonyms(stem: str) -> list[str]:
    """Every form of the nisba on a stem, with and without the article."""
    forms = [stem + ending for ending in NISBA_ENDINGS]
    return forms + ["ال" + form for form in forms]


@cache
def cldr_countries() -> tuple[Actor, ...]:
    """Every country CLDR names, with its Arabic and English names and regular demonyms."""
    arabic = Locale("ar").territories
    english = Locale("en").territories
    countries = []
    for code, name_ar in sorted(arabic.items()):
        if not (code.isalpha() and len(code) == 2) or code in NOT_COUNTRIES or code not in english:
            continue
        stem = nisba_stem(name_ar)
        countries.append(
            Actor(
                id=slugify(english[code]),
                type="country",
                en=english[code],
                ar=name_ar,
                variants_ar=demonyms(stem) if stem else [],
                description=f"Country (ISO 3166 code {code}).",
            )
        )
    return tuple(countries)
