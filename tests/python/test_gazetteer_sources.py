"""The leaders gazetteer is generated, not typed: scripts/gen_leaders.py rebuilds the committed
files byte for byte from data/sources/, and its reader of the Wikipedia list of state leaders
reads the list's layouts as documented."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import gen_leaders  # noqa: E402
import state_leaders_page  # noqa: E402

GENERATED = ["people.csv", "offices.csv", "leader_aliases.csv"]


def test_the_committed_leaders_are_what_the_script_generates(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    run = subprocess.run([sys.executable, str(tmp_path / "scripts" / "gen_leaders.py")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    for name in GENERATED:
        made = (tmp_path / "data" / "gazetteer" / name).read_bytes()
        assert made == (ROOT / "data" / "gazetteer" / name).read_bytes(), (
            f"data/gazetteer/{name} differs from what scripts/gen_leaders.py writes: run it")


# A made-up page in the article's layout (not the article's text).
PAGE = """\
Africa

Africa: Imaginary

-   Freedonia

:*Presidents (complete list) –

::*Rufus Firefly, President (1998–2004)

::*Ambrose Trentino, Acting President (2004)

::*Gloria Teasdale, Interim President (2004–2005), President (2005–present)

::*Chicolini Pinky

:::*President (2011)

:::*Transitional Head of State (2011–2013)

:*Prime ministers (complete list) –

::*Harpo Marx, Prime minister (2001–2003, 2007)

::*_post currently abolished_

:*High Representatives (complete list) –

::*Somebody Else, President (2002–2009)

    _Rival government_
    -   Presidents (complete list) –

    :*Rival Person, President (2003–present)

-   Sylvania (complete list) –

:*Trentino Vasco, Chancellor (2000–2008)

:*Pinky Lee, King (1990–present)

-   Nowhere Land

:*Nobody Known, President (2001–2002)
"""


def test_the_page_reader_takes_offices_titles_and_years():
    codes = {"Freedonia": "FRD", "Sylvania": "SYL"}
    terms = state_leaders_page.parse(PAGE, codes.get)
    got = {(t.iso3, t.role, t.name, t.title, t.start, t.end) for t in terms}
    assert got == {
        ("FRD", "hos", "Rufus Firefly", "President", 1998, 2004),
        # acting and interim holders are not holders in their own right
        ("FRD", "hos", "Gloria Teasdale", "President", 2005, None),
        # titles on the lines under a name
        ("FRD", "hos", "Chicolini Pinky", "President", 2011, 2011),
        ("FRD", "hos", "Chicolini Pinky", "Transitional Head of State", 2011, 2013),
        # two spans of one title
        ("FRD", "hog", "Harpo Marx", "Prime minister", 2001, 2003),
        ("FRD", "hog", "Harpo Marx", "Prime minister", 2007, 2007),
        # no heading: the role comes from the title
        ("SYL", "hog", "Trentino Vasco", "Chancellor", 2000, 2008),
        ("SYL", "hos", "Pinky Lee", "King", 1990, None),
    }, "High Representatives, rival governments and unknown states are left out"


@pytest.fixture(scope="module")
def state_of():
    states, _ = gen_leaders.read_states()
    return gen_leaders.state_finder(states)


@pytest.mark.parametrize("line, iso3", [
    ("Germany", "DEU"),
    ("Union of Burma/Myanmar", "MMR"),
    ("Republic of the Union of Myanmar", "MMR"),
    ("Greece: Third Republic", "GRC"),
    ("Kingdom of Nepal", "NPL"),
    ("Transitional Federal Government of the Republic of Somalia", "SOM"),
    ("National Transitional Council of Libya", "LBY"),
    ("Republic of the Congo (Brazzaville)", "COG"),
    # another polity than the People's Republic
    ("Republic of China: Taiwan", None),
    ("Northern Alliance of Afghanistan", None),
    ("Federal Republic of Yugoslavia: Serbia and Montenegro", None),
])
def test_state_lines_resolve_to_the_gazetteer_states(state_of, line, iso3):
    assert state_of(line) == iso3


@pytest.mark.parametrize("a, b, same", [
    ("Andrés Pastrana Arango", "Andrés Pastrana", True),
    ("Alan García Pérez", "Alan Garcia", True),
    ("Jaber al-Ahmad al-Sabah", "Sabah Al-Ahmad Al-Jaber Al-Sabah", False),
    ("Kevin Rudd", "Kevin Rudd", True),
    ("Kevin Rudd", "Julia Gillard", False),
])
def test_two_spellings_of_one_name(a, b, same):
    assert gen_leaders.same_name(a, b) is same


def test_the_page_fills_the_years_wikidata_leaves_empty():
    """States whose histories no Wikidata export had get their heads of government from the
    list, and no term from it overlaps another holder of the same office."""
    rows = gen_leaders.read_csv(ROOT / "data" / "gazetteer" / "offices.csv")
    def holders(state, role, year):
        return {r["person"] for r in rows if r["state"] == state and r["role"] == role
                and int(r["start"][:4]) <= year <= int((r["end"] or "9999")[:4])}
    assert holders("state:DEU", "head_of_government", 2002) == {"person:gerhard-schroder"}
    assert holders("state:THA", "head_of_government", 2003) == {"person:thaksin-shinawatra"}
    assert holders("state:NRU", "head_of_state_and_government", 2010) == {"person:marcus-stephen"}
    # "present" in the 2019 copy is not read as "still in office"
    assert "person:mercedes-araoz" not in holders("state:PER", "head_of_government", 2024)
