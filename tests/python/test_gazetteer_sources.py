"""The leaders gazetteer is generated, not typed: scripts/gen_leaders.py rebuilds the committed
files byte for byte from data/sources/, its reader of the Wikipedia list of state leaders
reads the list's layouts as documented, and the UN General Debate speakers fill only the
offices no other source fills."""
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
import ungd_speakers  # noqa: E402

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
    # another polity than the People's Republic: Taiwan
    ("Republic of China: Taiwan", "TWN"),
    ("Northern Alliance of Afghanistan", None),
    ("Federal Republic of Yugoslavia: Serbia and Montenegro", None),
    # the 20th-century list
    ("Republic of the Congo (Léopoldville)", "COD"),
    ("Republic of the Congo (Brazzaville)", "COG"),
    ("Republic of Vietnam (South Vietnam) (1955–1975)", None),
    ("Democratic Republic of Vietnam (North Vietnam) (1945–1976)", "VNM"),
    ("Federal Republic of Germany", "DEU"),
    ("West Germany", "DEU"),
    ("German Democratic Republic", None),
    ("Union of Soviet Socialist Republics", None),
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


@pytest.mark.parametrize("post, roles", [
    ("Minister for Foreign Affairs", ["fm"]),
    ("Minsiter for Foreign and CARICOM Affairs", ["fm"]),
    ("Prime Minister and Minister for Foreign Affairs and Trade", ["hog", "fm"]),
    ("Vice-Chancellor and Federal Minister for Foreign Affairs", ["fm"]),
    ("Federal Minister for Europe, Integration and Foreign Affairs", ["fm"]),
    ("Minister of State and Minister for Foreign Affairs, Cooperation and Regional Integration", ["fm"]),
    ("President, Head of Government and Minister for Foreign Affairs and Immigration", ["hos", "fm"]),
    ("King and President of the Council of Ministers", ["hos"]),
    ("President of the Government", ["hog"]),
    ("Amir", ["hos"]),
    # a foreign portfolio after another one is not the ministry
    ("Prime Minister and Minister for Finance, Economic Growth, External Affairs and the Public Service", ["hog"]),
    ("Deputy Prime Minister, Minister of the Interior and Acting Minister for Foreign Affairs", []),
    # lesser posts
    ("Deputy Minister for Foreign Affairs", []),
    ("Second Minister for Foreign Affairs and Trade", []),
    ("Vice-President", []),
    ("Deputy Prime Minister", []),
    ("Crown Prince", []),
    ("President ad interim", []),
    ("Chair of the Delegation", []),
    ("UN Representative", []),
    ("President of the European Council", []),
])
def test_a_speakers_post_names_its_leading_offices(post, roles):
    assert ungd_speakers.post_roles(post) == roles


@pytest.mark.parametrize("raw, name", [
    ("Mr. Celso LAFER", "Celso Lafer"),
    ("Mr.. Abdurrahman Shalghem", "Abdurrahman Shalghem"),
    ("The Honorable Alexander Downer MP", "Alexander Downer"),
    ("His Majesty King Abdullah II bin Al Hussein", "Abdullah II bin Al Hussein"),
    ("Lietenant-General Abdel Fattah Al-Burhan", "Abdel Fattah Al-Burhan"),
    ("Sheikh Sabah Al-Ahmad Al-Jaber Al-Sabah", "Sabah Al-Ahmad Al-Jaber Al-Sabah"),
    ("Sheikh Hasina", "Sheikh Hasina"),
    ("Chief Tom Ikimi", "Tom Ikimi"),
    ("H.A.F.M.O. van Mierlo", "H.A.F.M.O. van Mierlo"),
    ("Joseph R. Biden, Jr", "Joseph R. Biden"),
    ("Vuk Dra\x9akovi\u0107", "Vuk Dra\u0161kovi\u0107"),
])
def test_speaker_names_lose_their_titles(raw, name):
    assert ungd_speakers.clean_name(raw) == name


# A made-up table in the corpus's layout (not its rows).
TABLE = """Year;Session;ISO Code;Country;Name of Person Speaking;Post;
2004;59;FRD;Freedonia;Mr. Rufus FIREFLY;Minister for Foreign Affairs;
2004;59;SYL;Sylvania;Mr.osé Vasco;Minister for Foreign Affairs;
2004;59;SYL;Sylvania;Pinky L\u0435e;President;
2003;58;FRD;Freedonia;Rufus Firefly;Minister for Foreign Affairs;
2003;58;SYL;Freedonia;Harpo Marx;Prime Minister;
2002;57;FRD;Freedonia;"Ambrose
Trentino";Deputy Prime Minister;
2002;57;SYL;Sylvania;Mr. Di Vasco;Minister for Foreign Affairs;
1999;54;FRD;Freedonia;Old Holder;Minister for Foreign Affairs;
"""


def test_the_speakers_table_reader_keeps_readable_rows_of_known_states():
    codes = {"FRD": "FRD", "SYL": "SYL"}
    sightings = ungd_speakers.parse(TABLE, lambda code, country: codes.get(code), 2000)
    assert [(s.iso3, s.role, s.name, s.year) for s in sightings] == [
        ("FRD", "fm", "Rufus Firefly", 2004),
        ("FRD", "fm", "Rufus Firefly", 2003),
        ("SYL", "hog", "Harpo Marx", 2003),
    ], "misread names, surnames alone, deputies and rows before 2000 are left out"
    rows = list(ungd_speakers.rows(TABLE, lambda code, country: codes.get(code), 2000))
    assert ("FRD", "Ambrose Trentino", "Deputy Prime Minister", 2002) in rows


def test_speakers_fill_only_the_offices_no_other_source_fills(tmp_path, monkeypatch):
    """Sightings of one person in several sessions, however spelt, make one term; a sighting
    in an office someone else holds that month, a row filed under another state and a prime
    minister filed as president add nothing; a sighting of a known person adds their term."""
    table = tmp_path / "speakers.csv"
    table.write_text("""Year;Session;ISO Code;Country;Name of Person Speaking;Post;
2006;61;BLZ;Belize;Mr. Godfrey SMITH;Minister for Foreign Affairs;
2005;60;BLZ;Belize;Godfrey Smith;Minister for Foreign Affairs;
2004;59;BLZ;Belize;Godfrey Smyth;Minister for Foreign Affairs;
2004;59;BLZ;Sweden;Anna Lindqvist;Minister for Foreign Affairs;
2003;58;BLZ;Belize;Assad Shoman;Minister for Foreign Affairs;
2003;58;TON;Tonga;Feleti Sevele;President;
2002;57;BLZ;Belize;Lisa Shoman;Minister for Foreign Affairs;
2001;56;TON;Tonga;Sonatane Taumoepeau;Minister for Foreign Affairs;
""", encoding="utf-8")
    monkeypatch.setattr(gen_leaders, "UNGD", table)
    states, _ = gen_leaders.read_states()
    d = gen_leaders.parse_date
    other = [
        gen_leaders.Term("BLZ", "fm", "Q1", "Assad Shoman", "Minister of Foreign Affairs",
                         d("2002-06-01"), d("2003-12-31"), ["Assad Shoman"]),
        gen_leaders.Term("TON", "hog", "Q2", "Feleti Sevele", "Prime Minister",
                         d("2003"), d("2010"), ["Feleti Sevele"]),
        gen_leaders.Term("TON", "fm", "Q3", "Sonatane Tu'a Taumoepeau-Tupou", "Minister of Foreign Affairs",
                         d("2004-01-01"), d("2009-01-01"), ["Sonatane Tu'a Taumoepeau-Tupou"]),
    ]
    got = gen_leaders.ungd_terms(states, other, [], [])
    assert {(t.iso3, t.role, t.name, t.start.text, t.end.text) for t in got} == {
        # three sessions, two spellings: one term, in the table's usual spelling
        ("BLZ", "fm", "Godfrey Smith", "2004-09", "2006-09"),
        # a term of a known person, from before the other source's
        ("TON", "fm", "Sonatane Taumoepeau", "2001-09", "2001-09"),
    }, "Lisa Shoman: Assad Shoman holds the office then; Anna Lindqvist: filed under Sweden; " \
       "Feleti Sevele: the head of government, filed as president"
    tonga = next(t for t in got if t.iso3 == "TON")
    assert tonga.qid == "Q3"
