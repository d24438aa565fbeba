"""Gazetteer files with a hand-written part and a generated part: the generated rows follow a
marker line and are replaced on every run of the script that owns the marker
(scripts/gen_leaders.py, scripts/gen_orgs.py)."""

from __future__ import annotations

import csv
from pathlib import Path


def hand_part(path: Path, marker: str) -> list[str]:
    """The lines above `marker` (all of them if it is absent), without trailing blank lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if marker in lines:
        lines = lines[: lines.index(marker)]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def write_generated(path: Path, hand: list[str], marker: str, rows: list[list[str]]) -> None:
    """Writes `hand`, then `marker`, then `rows` as CSV."""
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\n".join(hand) + "\n")
        f.write(marker + "\n")
        csv.writer(f, lineterminator="\n").writerows(rows)
