#!/usr/bin/env python3
"""Regenerate data/gazetteer/states.csv and data/gazetteer/state_names.csv.

Input:  scripts/un_states.csv (193 UN member states, 2 observer states and 2 partially
        recognised states the UN does not seat (Taiwan, Kosovo), with ISO 3166 codes and
        Wikidata QIDs; the QID source is noted in that file's header comments).
Names:  Unicode CLDR through Babel (pinned in scripts/requirements-gazetteer.txt),
        babel.Locale(lang).territories for en, vi, fr.
Long forms: data/gazetteer/state_long_names.csv, the official long names ("Lao People's
        Democratic Republic", "Kingdom of Cambodia", "République française") as `variant`
        aliases: English from ISO 3166-1 (official_name, or the name when it is the long form)
        and French from its translation, both through pycountry (Debian iso-codes, pinned in
        scripts/requirements-gazetteer.txt); Vietnamese composed from the CLDR Vietnamese name
        and the Vietnamese words for the form of state in VI_FORMS ("Cộng hòa Dân chủ Nhân dân
        Lào"), for the forms listed there only.

Babel's CLDR import drops the alt="short"/alt="variant" territory names, so those
variants (Turkey, Ivory Coast, UK, ...) are kept by hand in
data/gazetteer/state_aliases.csv, not here.

Usage (from the repository root):
    python3 -m venv /tmp/venv-gaz
    /tmp/venv-gaz/bin/pip install -r scripts/requirements-gazetteer.txt
    /tmp/venv-gaz/bin/python scripts/gen_states.py
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import babel
import gettext
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "scripts" / "un_states.csv"
OUT_DIR = ROOT / "data" / "gazetteer"
LANGS = ("en", "vi", "fr")

# English label used in news when it differs from CLDR's default English name.
# Mostly CLDR's own alt="short"/alt="variant" forms, plus "and" for "&".
LABEL_OVERRIDES = {
    "TUR": "Turkey",                      # CLDR: Türkiye (alt-variant: Turkey)
    "CZE": "Czech Republic",              # CLDR: Czechia (alt-variant: Czech Republic)
    "MMR": "Myanmar",                     # CLDR: Myanmar (Burma) (alt-short: Myanmar)
    "PSE": "Palestine",                   # CLDR: Palestinian Territories (alt-short: Palestine)
    "COD": "Democratic Republic of the Congo",  # CLDR: Congo - Kinshasa
    "COG": "Republic of the Congo",       # CLDR: Congo - Brazzaville
    "ATG": "Antigua and Barbuda",
    "BIH": "Bosnia and Herzegovina",
    "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia",
    "STP": "São Tomé and Príncipe",
    "TTO": "Trinidad and Tobago",
    "VCT": "Saint Vincent and the Grenadines",
}

EXPECTED = {"member": 193, "observer": 2, "partially_recognised": 2}

# English form of state (official name with {} for the short name) -> Vietnamese form.
# Longest first; a form not listed gets no Vietnamese long name.
VI_FORMS = [
    ("Democratic People's Republic of {}", "Cộng hòa Dân chủ Nhân dân {}"),
    ("{} People's Democratic Republic", "Cộng hòa Dân chủ Nhân dân {}"),
    ("People's Democratic Republic of {}", "Cộng hòa Dân chủ Nhân dân {}"),
    ("Democratic Socialist Republic of {}", "Cộng hòa Xã hội chủ nghĩa Dân chủ {}"),
    ("Federal Democratic Republic of {}", "Cộng hòa Dân chủ Liên bang {}"),
    ("Socialist Republic of {}", "Cộng hòa Xã hội chủ nghĩa {}"),
    ("People's Republic of {}", "Cộng hòa Nhân dân {}"),
    ("Federal Republic of {}", "Cộng hòa Liên bang {}"),
    ("Islamic Republic of {}", "Cộng hòa Hồi giáo {}"),
    ("Bolivarian Republic of {}", "Cộng hòa Bolivar {}"),
    ("Oriental Republic of {}", "Cộng hòa Đông {}"),
    ("United Republic of {}", "Cộng hòa Thống nhất {}"),
    ("Democratic Republic of {}", "Cộng hòa Dân chủ {}"),
    ("{} Arab Republic", "Cộng hòa Ả Rập {}"),
    ("Arab Republic of {}", "Cộng hòa Ả Rập {}"),
    ("Plurinational State of {}", "Nhà nước Đa dân tộc {}"),
    ("Independent State of {}", "Nhà nước Độc lập {}"),
    ("Republic of {}", "Cộng hòa {}"),
    ("Kingdom of {}", "Vương quốc {}"),
    ("Grand Duchy of {}", "Đại Công quốc {}"),
    ("Principality of {}", "Công quốc {}"),
    ("Commonwealth of {}", "Thịnh vượng chung {}"),
    ("State of {}", "Nhà nước {}"),
]


def squash(text: str) -> str:
    return norm(text).lower().replace(" ", "").replace("-", "")


def long_names(rows, territories, taken) -> list[list[str]]:
    """Official long forms in en, fr and vi, as variant aliases (see the module comment)."""
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    out = []
    for r in rows:
        iso3, iso2 = r["iso3"], r["iso2"]
        entity = f"state:{iso3}"
        c = pycountry.countries.get(alpha_3=iso3)
        if c is None:
            continue
        en_long = getattr(c, "official_name", None)
        if not en_long and "," not in c.name and squash(c.name) != squash(territories["en"][iso2]):
            en_long = c.name
        if not en_long or "," in en_long:
            continue
        en_long = norm(re.sub(r"^the ", "", en_long))
        fr_long = norm(fr.gettext(getattr(c, "official_name", None) or c.name))
        short_en = [territories["en"][iso2], r.get("label", ""), LABEL_OVERRIDES.get(iso3, "")]
        vi_short = norm(territories["vi"][iso2])
        cands = [("en", en_long)]
        if fr_long and "," not in fr_long and fr_long != en_long:
            cands.append(("fr", fr_long[:1].upper() + fr_long[1:]))
        for form_en, form_vi in VI_FORMS:
            pat = "^" + re.escape(form_en).replace(r"\{\}", "(.+)") + "$"
            m = re.match(pat, en_long)
            if not m:
                continue
            x = squash(m.group(1).removeprefix("the "))
            if " - " not in vi_short and any(s and (squash(s) == x or (len(x) >= 3 and (squash(s).startswith(x) or squash(s).endswith(x)))) for s in short_en):
                vi = form_vi.format(vi_short)
                cands.append(("vi", vi))
                if "hòa" in vi:
                    cands.append(("vi", vi.replace("hòa", "hoà")))
            break
        for lang, alias in cands:
            key = alias.lower()
            if taken.get(key, entity) != entity:
                continue  # the name of another state
            taken[key] = entity
            out.append([entity, lang, alias, "variant"])
    return out


def norm(text: str) -> str:
    """NFC, and the typographic apostrophe read as an ASCII one."""
    return unicodedata.normalize("NFC", text).replace("\u2019", "'").strip()


def read_input() -> list[dict[str, str]]:
    with INPUT.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in EXPECTED}
    assert counts == EXPECTED, f"expected {EXPECTED}, got {counts}"
    assert len(rows) == sum(EXPECTED.values()), "unknown status in input"
    for key in ("iso3", "iso2", "qid"):
        values = [r[key] for r in rows if r[key]]
        assert len(values) == len(set(values)), f"duplicate {key} in input"
    return sorted(rows, key=lambda r: r["iso3"])


def main() -> int:
    rows = read_input()
    territories = {lang: Locale(lang).territories for lang in LANGS}

    states, names = [], []
    for r in rows:
        iso3, iso2 = r["iso3"], r["iso2"]
        entity = f"state:{iso3}"
        cldr = {}
        for lang in LANGS:
            if iso2 not in territories[lang]:
                raise SystemExit(f"CLDR ({lang}) has no name for {iso2}")
            cldr[lang] = norm(territories[lang][iso2])
        label = norm(LABEL_OVERRIDES.get(iso3, cldr["en"]))
        states.append([entity, iso3, iso2, r["qid"], label, r["status"]])
        for lang in LANGS:
            names.append([entity, lang, cldr[lang], "name"])
        if label != cldr["en"]:
            names.append([entity, "en", label, "variant"])

    labels = [s[4] for s in states]
    assert len(labels) == len(set(labels)), "labels must be unique"

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with (OUT_DIR / "states.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "iso3", "iso2", "qid", "label", "status"])
        w.writerows(states)
    with (OUT_DIR / "state_names.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["entity", "lang", "alias", "form"])
        w.writerows(names)
    taken = {n[2].lower(): n[0] for n in names}
    for path in (OUT_DIR / "state_aliases.csv",):
        with path.open(encoding="utf-8", newline="") as f:
            for a in csv.DictReader(line for line in f if not line.startswith("#")):
                taken.setdefault(a["alias"].lower(), a["entity"])
    for r, s in zip(rows, states):
        r["label"] = s[4]
    longs = long_names(rows, territories, taken)
    with (OUT_DIR / "state_long_names.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["entity", "lang", "alias", "form"])
        w.writerows(longs)
    print(f"babel {babel.__version__}, pycountry {pycountry.__version__}: {len(states)} states, "
          f"{len(names)} names, {len(longs)} long names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
