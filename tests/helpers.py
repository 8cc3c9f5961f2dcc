"""Shared test helpers (paths of the bundled fixtures)."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SEEDS = FIXTURES / "seeds"
GROUND_TRUTH = FIXTURES / "ground-truth"


def load_ground_truth(name: str) -> dict:
    return json.loads((GROUND_TRUTH / name).read_text(encoding="utf-8"))


def seed_path(ground_truth: dict) -> Path:
    return SEEDS / Path(ground_truth["input"]).name
