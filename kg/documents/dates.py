"""Dates: an ISO ``YYYY-MM-DD`` from the many ways news pages write one (python-dateutil), or ``None``.

A date is accepted only when it names a day: the text is parsed against two
different default dates and must give the same day both times, so "March
2015" or "2015" (a month, a year) give ``None`` rather than a made-up day.
Numeric dates are read day first ("07.03.2015" is 7 March) unless they start
with a four-digit year ("2015/03/07").
"""

from __future__ import annotations

import datetime as _dt
import re

#: Longer strings are not dates (and are not handed to the parser).
MAX_DATE_CHARS = 100

_DEFAULTS = (_dt.datetime(2000, 1, 1), _dt.datetime(2001, 2, 2))
_YEAR_FIRST = re.compile(r"\d{4}")
_DATELINE = re.compile(r"^\s*(?:published|posted|updated|date|dated)\s*(?:on)?\s*:?\s*(.{6,60}?)\s*$", re.I | re.M)


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from common date spellings, or ``None``.

    Examples
    --------
    >>> [parse_date(v) for v in ("2015-03-07T10:00:00Z", "March 7, 2015", "7 Mar 2015",
    ...                          "Sat, 07 Mar 2015 10:00:00 GMT", "2015/03/07", "soon", None)]
    ['2015-03-07', '2015-03-07', '2015-03-07', '2015-03-07', '2015-03-07', None, None]
    >>> parse_date("Tuesday, July 14th, 2015"), parse_date("07.03.2015"), parse_date("March 2015")
    ('2015-07-14', '2015-03-07', None)
    """
    from dateutil import parser

    if not value or not isinstance(value, str):
        return None
    v = value.strip().strip("\"'")
    if not v or len(v) > MAX_DATE_CHARS:
        return None
    dayfirst = not _YEAR_FIRST.match(v)
    try:
        days = {parser.parse(v, default=d, dayfirst=dayfirst).date() for d in _DEFAULTS}
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None
    return days.pop().isoformat() if len(days) == 1 else None


def dateline(text: str) -> str | None:
    """The date of a "Published: …" / "Date: …" line near the top of a text, as ISO, or ``None``.

    >>> dateline("Iran deal reached\\nPublished: July 14, 2015\\n\\nIran and ...")
    '2015-07-14'
    """
    for m in _DATELINE.finditer(text[:3000]):
        value = re.sub(r"\s+(?:at\s+)?\d{1,2}:\d{2}.*$", "", m.group(1))
        date = parse_date(value)
        if date:
            return date
    return None
