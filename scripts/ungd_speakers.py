"""Reads the table of speakers at the UN General Debate (source data of scripts/gen_leaders.py,
kept in data/sources/un-general-debate/).

Every September, at the General Debate of the UN General Assembly, each state is represented
by one speaker: its head of state or government, its foreign minister, or a delegate. The
table has one row per state and session:

    Year;Session;ISO Code;Country;Name of Person Speaking;Post;
    2012;67;TGO;Togo;Elliot Ohin;Minister for Foreign Affairs;
    2002;57;BRA;Brazil;Mr. Celso LAFER;Minister for Foreign Affairs;

`parse` turns the rows into sightings: (state, role, name, post, year), the role being "hos",
"hog" or "fm" as the post says. A post that names two leading offices gives two sightings
("Prime Minister and Minister for Foreign Affairs and Trade": hog and fm). Deputies,
vice-presidents, ministers of state, acting holders, delegates and ambassadors are left out,
and so is a foreign portfolio that only follows another one ("Prime Minister and Minister
for Finance, ..., External Affairs": hog only). A sighting says only that the person held the
office at that September's session; the caller decides what it may add to other sources.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Callable

# The month of the General Debate, in every session of the table.
SESSION_MONTH = 9

# Not the office itself: held for someone else, or a lesser post.
NOT_IN_OWN_RIGHT = re.compile(
    r"\b(acting|ad interim|interim|designate|deputy|vice|second|crown|member of the presidency|"
    r"minister of state|chief executive|chief advis[eo]r)\b|vice-",
    re.I,
)
FM = re.compile(
    r"^(?:(?:federal|union|cabinet|senior)\s+)?(?:minister|minsiter|secretary)(?:\s+responsible)?"
    r"\s+(?:of|for)\s+(?:europe,?\s+integration,?\s+and\s+)?"
    r"(?:fore?ign\b|foregn\b|external (?:affairs|relations)|international (?:affairs|relations)|relations with states)",
    re.I,
)
HOG = re.compile(
    r"^(?:prime minister|head of government|president of the (?:government|council of ministers)|"
    r"(?:federal )?chancellor|premier|taoiseach)\b",
    re.I,
)
HOS = re.compile(
    r"^(?:(?:constitutional )?president|king|queen|amir|emir|prince|sultan|grand duke|pope|"
    r"head of state|ca?h?airman of the (?:presidency|presidential council|transitional military council)|"
    r"president of the presidency council)\b",
    re.I,
)
HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|h\.\s?e|s\.\s?e|u)\.+\s*|(?:mr|mrs|ms|dr)\s+|"
    r"(?:(?:his|her) (?:royal )?(?:majesty|highness|holiness|excellency)|the (?:right )?hono(?:u)?rable|"
    r"general|lieutenant[- ]general|lietenant[- ]general|lt[- ]gen\.?|major(?:[- ]general)?|colonel|"
    r"archbishop|cardinal|monsignor|sir|dame|chief|samdech(?: akka moha sena padei techo)?|dato[’']? sri|"
    r"dato[’']?|datuk(?: seri)?|tan sri|lyonpo|lyonchhen|al-haj|king|queen|prince|princess|sultan|"
    r"emir|amir)\s+)",
    re.I,
)
# Letters of a misread scan: Greek or Cyrillic among Latin ones, a stray accent or an
# apostrophe for a lost letter ("Berm˙dez", "de ¡vila", "Mart'nez").
MISREAD = re.compile("[\u0370-\u04ff\u02d9\u00a1\u00bf]|[bcdfghj-np-tv-z]'[a-z]")
# A surname with its particle, without a given name ("Mr. De Moura", "Mr. Di Tella").
SURNAME_ONLY = re.compile(r"^(?:de|di|da|del|della|van|von|le|la|du|dos|das|ter|ten)\s+\S+$", re.I)
ROMAN = re.compile(r"^[IVX]+$")


@dataclass
class Sighting:
    iso3: str
    role: str    # "hos", "hog" or "fm"
    name: str
    post: str
    year: int


def post_roles(post: str) -> list[str]:
    """The leading offices a post names, in order. A foreign portfolio counts when it is the
    first portfolio of the post, after any leading office or rank ("Prime Minister and Minister
    for Foreign Affairs and Trade", "Vice-Chancellor and Federal Minister for Foreign Affairs",
    "Minister of State and Minister for Foreign Affairs"); not after another portfolio ("Prime
    Minister and Minister for Finance, ..., External Affairs")."""
    if FM.search(post):
        return ["fm"]  # "Federal Minister for Europe, Integration and Foreign Affairs"
    parts = [p.strip() for p in re.split(r",|\band\b|&", post) if p.strip()]
    roles: list[str] = []
    for part in parts:
        own = not NOT_IN_OWN_RIGHT.search(part)
        if FM.search(part):
            if own:
                roles.append("fm")
            break
        if _portfolio(part):
            break  # a minister of something else: no foreign portfolio after it counts
        if own and HOG.search(part):
            roles.append("hog")
        elif own and HOS.search(part) and not re.search(r"european council", post, re.I):
            roles.append("hos")
    if "hos" in roles:
        # "President and Head of Government": one office, that heads both
        roles = [r for r in roles if r != "hog"]
    return list(dict.fromkeys(roles))


def _portfolio(part: str) -> bool:
    """A ministry other than a rank ("Minister of State", "Senior Minister" are ranks)."""
    return bool(re.match(r"^(?:the\s+)?(?:minister|minsiter|secretary)\s+(?:of|for)\b", part, re.I)) \
        and not re.match(r"^minister of state$", part, re.I)


def clean_name(name: str) -> str:
    """ "Mr. Celso LAFER" -> "Celso Lafer"; "His Majesty King Abdullah II" -> "Abdullah II"."""
    # a C1 control character is a Windows-1252 letter read as Latin-1 ("Dra\x9aković")
    name = re.sub("[\x80-\x9f]", lambda m: bytes([ord(m.group())]).decode("cp1252", "replace"), name)
    name = re.sub(r"\s+", " ", name).strip(" ,")
    name = re.sub(r",?\s+(jr|sr|mp|qc)\.?$", "", name, flags=re.I)
    prev = None
    while prev != name:
        prev = name
        name = HONORIFIC.sub("", name).strip()
        # the Gulf's title, not Sheikh Hasina's family name
        if re.match(r"(?:sheikh|shaikh)\s+\S+\s+\S+", name, re.I):
            name = name.split(" ", 1)[1]
    words = []
    for w in name.split(" "):
        if len(w) >= 3 and w.isupper() and not ROMAN.match(w) and "." not in w:  # not "H.A.F.M.O."
            w = "-".join(p[:1] + p[1:].lower() for p in w.split("-"))
        words.append(w)
    return " ".join(words)


def rows(text: str, state_of: Callable[[str, str], str | None], first_year: int):
    """(state, name, post, year) of every row from `first_year` on whose state `state_of` (ISO
    code, country name -> ISO 3166 alpha-3 code or None) knows and whose name is readable."""
    for row in csv.reader(text.splitlines(keepends=True), delimiter=";"):
        cells = [c.strip() for c in row]
        if len(cells) < 6 or not re.fullmatch(r"\d{4}", cells[0]):
            continue
        year = int(cells[0])
        if year < first_year:
            continue
        iso3 = state_of(cells[2], cells[3])
        name = clean_name(cells[4])
        # a name that starts in lowercase ("Mr.osé") or has a misread letter is a bad transcript;
        # "Mr. Di Tella" is a surname
        if (iso3 is None or len(name.split()) < 2 or not name[:1].isupper() or MISREAD.search(name)
                or SURNAME_ONLY.match(name)):
            continue
        yield iso3, name, cells[5], year


def parse(text: str, state_of: Callable[[str, str], str | None], first_year: int) -> list[Sighting]:
    """Sightings from `first_year` on (see `rows`)."""
    return [Sighting(iso3, role, name, post, year)
            for iso3, name, post, year in rows(text, state_of, first_year)
            for role in post_roles(post)]
