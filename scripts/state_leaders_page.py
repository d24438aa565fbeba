"""Reads the Wikipedia article "List of state leaders in the 21st century" (source data of
scripts/gen_leaders.py, kept in data/sources/wikipedia-state-leaders/).

The article lists, state by state, the heads of state and of government since 2001 with the
years of each term. Its layout, as the stored copy renders it:

    -   Germany                                   a state (a line of its own)
    :*Presidents (complete list) –                an office heading
    ::*Johannes Rau, President (1999–2004)        a holder: name, title (years)
    ::*Michel Djotodia                            a holder whose titles follow on deeper lines
    :::*President (2013)
    -   Nauru (complete list) –                   a state with one office and no heading
    :*Baron Waqa, President (2013–present)
        _Houthi takeover in Yemen_                indented: a rival government, left out

`parse` turns it into terms: (state, role, name, title, start year, end year or None). The
role is "hos" or "hog", from the office heading, or from the holder's title where the state
has no heading. Offices that are neither (High Representatives, members of a collective
presidency, co-princes, governors-general) and acting, interim, disputed or elected-but-not-yet
holders are left out; the caller decides what the remaining terms may add.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

# Offices the article lists that are not the state's head of state or government.
NOT_LEADING = re.compile(
    r"high representative|members? of the presidency|co-prince|captains? regent|governors?[- ]general|"
    r"vice|deputy|secretar(y|ies)[- ]general|regent\b|speaker|president of the (senate|assembly|parliament)",
    re.I,
)
# Holders who did not (yet) hold the office in their own right.
NOT_IN_OWN_RIGHT = re.compile(r"\b(acting|interim|disputed|elect|de facto|caretaker|provisional)\b|-elect\b", re.I)
HOG = re.compile(
    r"prime minister|premier|chancellor|taoiseach|chairm[ae]n of the (council of ministers|government)|"
    r"presidents? of the (council of ministers|government|governorate)|minister of state|"
    r"state counsell?or|heads? of government",
    re.I,
)
HOS = re.compile(
    r"president|king|queen|monarch|emir|sultan|sovereign|heads? of state|chairm[ae]n|presidency|"
    r"grand duke|prince|emperor|supreme leader|yang di-pertuan|pope|druk gyalpo|ngwenyama",
    re.I,
)

STATE_LINE = re.compile(r"^-\s+(.+?)\s*$")
ITEM_LINE = re.compile(r"^(:+)\*\s*(.+?)\s*$")
COMPLETE_LIST = re.compile(r"\s*\(complete list\)\s*[–-]?\s*$")
# "Title (1999–2004)", "Title (2004, 2004)", "Title (2016–present)", "Title (2019-???)"
TITLED = re.compile(r"([^()]+?)\s*\(([^()]*\d{4}[^()]*)\)")
RANGE = re.compile(r"_?(\d{4})_?(?:\s*[–-]\s*_?(\d{4}|present|\?+)_?)?")


@dataclass
class PageTerm:
    iso3: str
    role: str          # "hos" or "hog"
    name: str
    title: str
    start: int
    end: int | None    # None: "present" (in office when the page was copied) or unknown


def office_role(text: str) -> str | None:
    """The role an office heading or a holder's title names, or None."""
    if NOT_LEADING.search(text):
        return None
    if HOG.search(text):
        return "hog"
    if HOS.search(text):
        return "hos"
    return None


def ranges(text: str) -> list[tuple[int, int | None]]:
    out = []
    for part in text.split(","):
        m = RANGE.fullmatch(part.strip())
        if not m:
            continue
        start = int(m.group(1))
        end = m.group(2)
        if end is None:
            out.append((start, start))
        elif end.isdigit():
            out.append((start, int(end)))
        else:
            out.append((start, None))
    return out


def titled_spans(text: str) -> list[tuple[str, list[tuple[int, int | None]]]]:
    """ "Acting President (2005–2008), President (2008–present)" -> [(title, ranges)]."""
    out = []
    for m in TITLED.finditer(text):
        title = m.group(1).strip(" ,")
        out.append((title, ranges(m.group(2))))
    return out


def parse(text: str, state_of: Callable[[str], str | None]) -> list[PageTerm]:
    """Terms of the article's states that `state_of` (a state line -> ISO 3166 alpha-3 code or
    None) knows."""
    terms: list[PageTerm] = []
    iso3: str | None = None
    heading: dict[int, str] = {}     # depth -> office heading
    pending: tuple[int, str] | None = None  # (depth, name) of a holder whose titles follow

    def add(depth: int, name: str, title: str, spans):
        # the office: the nearest heading above the holder, else the holder's own title
        office = next((heading[d] for d in sorted(heading, reverse=True) if d < depth), None)
        role = office_role(office) if office is not None else office_role(title)
        if office is not None and office_role(title) is None and NOT_LEADING.search(title):
            role = None
        if role is None or NOT_IN_OWN_RIGHT.search(title) or not name:
            return
        for start, end in spans:
            terms.append(PageTerm(iso3, role, name, title, start, end))

    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith(" "):
            continue  # an indented block: a rival government
        m = STATE_LINE.match(line)
        if m:
            iso3 = state_of(COMPLETE_LIST.sub("", m.group(1)))
            heading, pending = {}, None
            continue
        m = ITEM_LINE.match(line)
        if not m or iso3 is None:
            if not m:
                iso3 = None if re.match(r"^[A-Z][\w ]*(: [\w ]+)?$", line) else iso3
            continue
        depth, body = len(m.group(1)), m.group(2)
        for d in [d for d in heading if d >= depth]:
            del heading[d]
        if COMPLETE_LIST.search(body) or body.endswith("–"):
            heading[depth] = COMPLETE_LIST.sub("", body).rstrip(" –")
            pending = None
            continue
        spans = titled_spans(body)
        if not spans:
            pending = (depth, body.strip("_ ")) if "," not in body and not body.startswith("_") else None
            continue
        if pending and pending[0] < depth and "," not in body.split("(")[0]:
            for title, rs in spans:
                add(pending[0], pending[1], title, rs)
            continue
        pending = None
        name, _, rest = body.partition(",")
        for title, rs in titled_spans(rest):
            add(depth, name.strip(), title, rs)
    return terms
