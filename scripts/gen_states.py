#!/usr/bin/env python3
"""Regenerate data/gazetteer/states.csv and data/gazetteer/state_names.csv.

Input:  scripts/un_states.csv (193 UN member states + 2 observer states, with ISO 3166
        codes and Wikidata QIDs; the QID source is noted in that file's header comments).
Names:  Unicode CLDR through Babel (pinned in scripts/requirements-gazetteer.txt),
        babel.Locale(lang).territories for en, vi, fr.

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
import sys
import unicodedata
from pathlib import Path

import babel
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

EXPECTED = {"member": 193, "observer": 2}


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
    print(f"babel {babel.__version__}: {len(states)} states, {len(names)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
