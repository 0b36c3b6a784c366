"""Quality of the Danish content: own words, one set of terms, useful tags, clean sources.

These tests read only the content library (and, for the shared-words test, the
source documents in ../shared/seeds); they are fast and need no catalogs.
"""

from __future__ import annotations

import csv
import re
import zlib
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from kitgen.content.schema import Exercise, Tag, iter_texts
from kitgen.paths import data_dirs

LOCALES_DIR, CONTENT_DIR = data_dirs().locales, data_dirs().content

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- shared words

RUN = 12  # this many consecutive words shared with a source is copying

# Quoted passages are marked quotes (or titles) and may follow the source word for word.
_QUOTED = re.compile(r'"[^"\n]*"|»[^«]*«|„[^“”]*[“”]|“[^”]*”|”[^”]*”')
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t\n]*(\w)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _seeds_dir() -> Path | None:
    for candidate in (Path(__file__).resolve().parents[3] / "shared" / "seeds",
                      ROOT.parent / "shared" / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _grams(words: list[str], n: int = RUN) -> set[int]:
    return {zlib.crc32(" ".join(words[i:i + n]).encode()) for i in range(len(words) - n + 1)}


@lru_cache(maxsize=1)
def _seed_grams() -> frozenset[int]:
    grams: set[int] = set()
    for path in sorted(_seeds_dir().glob("*.txt")):
        text = _HYPHEN_BREAK.sub(r"\1\2", path.read_text(encoding="utf-8", errors="replace"))
        grams |= _grams(_words(text))
    return frozenset(grams)


def _own_text(path: tuple, text: str) -> str:
    """The part of a text that must be in the kit's own words."""
    return _QUOTED.sub(" … ", text)


def _danish_texts(lib):
    for item in lib.items():
        for path, text in iter_texts(item):
            if path and path[0] == "reading":  # reading lists name publications
                continue
            yield item.key, path, text


def _shared_runs(text: str, seed: frozenset[int]) -> list[str]:
    words = _words(text)
    hits = [i for i in range(len(words) - RUN + 1)
            if zlib.crc32(" ".join(words[i:i + RUN]).encode()) in seed]
    runs, last = [], -2
    for i in hits:  # merge overlapping windows into one reported run
        if i == last + 1 and runs:
            runs[-1] = runs[-1] + " " + words[i + RUN - 1]
        else:
            runs.append(" ".join(words[i:i + RUN]))
        last = i
    return runs


def test_no_run_of_twelve_words_is_copied_from_the_sources(lib):
    if _seeds_dir() is None:
        pytest.skip("the source documents (../shared/seeds/*.txt) are not on this machine")
    seed = _seed_grams()
    copied = []
    for key, path, text in _danish_texts(lib):
        for run in _shared_runs(_own_text(path, text), seed):
            copied.append(f"{key}:{'.'.join(map(str, path))}: »{run}«")
    assert copied == [], "texts that copy the sources word for word:\n" + "\n".join(copied)


def test_the_shared_words_check_finds_a_copied_sentence():
    if _seeds_dir() is None:
        pytest.skip("the source documents (../shared/seeds/*.txt) are not on this machine")
    seed_file = sorted(_seeds_dir().glob("*.txt"))[0]
    words = _words(_HYPHEN_BREAK.sub(r"\1\2", seed_file.read_text(encoding="utf-8")))
    copied = " ".join(words[200:215]).capitalize() + "."
    assert _shared_runs(copied, _seed_grams())
    assert not _shared_runs(_own_text((), f'Som kilden siger: "{copied}"'), _seed_grams())


# --------------------------------------------------------------------------- the triad

def _triad_terms() -> list[str]:
    """The glossary's one Danish name for direction, coordination and commitment."""
    with (LOCALES_DIR / "glossary.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["en"] == "direction, coordination and commitment"]
    assert len(rows) == 1, "the glossary needs exactly one row for the triad"
    first, rest = rows[0]["da"].split(", ", 1)
    second, third = rest.split(" og ")
    return [first, second, third]


def _outside_quotes_and_titles(text: str, titles: list[str]) -> str:
    for title in titles:
        text = text.replace(title, " ")
    return _QUOTED.sub(" ", text)


# The other Danish names the triad has had; none of them may be used as a term.
_DIRECTION_WORDS = {"retning", "retningen", "kurs", "kursen"}
_COMMITMENT_WORDS = {"commitment", "commitmentet", "forpligtelse", "forpligtelsen"}
_LIST = re.compile(r"(\w+),\s+koordinering(?:en)?\s+og\s+(\w+)", re.IGNORECASE)


def test_the_triad_has_one_set_of_danish_terms(lib):
    direction, coordination, commitment = _triad_terms()
    assert coordination == "koordinering"
    titles = sorted({s.title for item in lib.items() for s in item.sources}, key=len, reverse=True)
    wrong = []
    for item in lib.items():
        for path, text in iter_texts(item):
            own = _outside_quotes_and_titles(text, titles)
            where = f"{item.key}:{'.'.join(map(str, path))}"
            for first, last in _LIST.findall(own):
                first, last = first.lower(), last.lower()
                if first in _DIRECTION_WORDS or last in _COMMITMENT_WORDS:
                    if not (first.startswith(direction) and last.startswith(commitment)):
                        wrong.append(f"{where}: »{first}, koordinering og {last}«")
            names_triad = re.search(r"\bkoordinering", own, re.I) and re.search(
                r"\bcommitment|\bforpligtelse", own, re.I)
            if names_triad and re.search(r"\bkurs(en)?\b", own, re.I):
                wrong.append(f"{where}: says »kurs« for {direction}")
            if re.search(r"koordinering(en)?\s+og\s+forpligtelse", own, re.I):
                wrong.append(f"{where}: says »forpligtelse« for {commitment}")
    concept = lib.concepts["direction_coordination_commitment"]
    terms = [kp.term.lower() for kp in concept.key_points]
    assert terms == [direction, coordination, commitment], terms
    assert wrong == [], "\n".join(wrong)


# --------------------------------------------------------------------------- tags

FOCUS_TAGS = {t.value for t in Tag}  # every tag, the three relation kinds included
ELEMENTS = {"trust", "fairness", "cooperation"}
MIN_PER_TAG = 6


def test_every_tag_has_enough_exercises_of_different_shapes(lib):
    for tag in sorted(FOCUS_TAGS):
        exs = [e for e in lib.exercises.values() if tag in {t.value for t in e.tags}]
        assert len(exs) >= MIN_PER_TAG, (tag, len(exs))
        assert len({e.minutes for e in exs}) >= 3, (tag, "all of one length")
        assert len({(e.group_size.min, e.group_size.max) for e in exs}) >= 3, (tag, "all of one size")


def test_every_exercise_has_three_to_six_tags_and_an_element_or_focus(lib):
    for ex in lib.exercises.values():
        tags = {t.value for t in ex.tags}
        assert 3 <= len(ex.tags) <= 6, (ex.id, len(ex.tags))
        assert len(tags) == len(ex.tags), (ex.id, "a tag twice")
        assert tags & (ELEMENTS | FOCUS_TAGS), ex.id


def test_tags_yaml_covers_exactly_the_tag_vocabulary():
    table = yaml.safe_load((CONTENT_DIR / "tags.yaml").read_text(encoding="utf-8"))
    assert set(table) == {t.value for t in Tag}
    for tag, row in table.items():
        assert set(row) == {"da", "en", "sv", "nb", "de", "description_da"}, tag
        assert all(isinstance(v, str) and v.strip() for v in row.values()), tag


def test_phases_and_families_make_sense(lib):
    exs = list(lib.exercises.values())
    assert sum(e.phase.value == "opening" for e in exs) >= 5
    assert sum(e.phase.value == "closing" for e in exs) >= 3
    families: dict[str, list[str]] = {}
    for e in exs:
        if e.family:
            families.setdefault(e.family, []).append(e.id)
    lonely = {f: ids for f, ids in families.items() if len(ids) < 2}
    assert lonely == {}, "a family has at least two variants"
    assert {"core_task_deep_dive", "checklist_core_task_clear"} <= set(families.get("core_task_anchor", []))
    assert {"ocai_culture_profile", "quick_culture_analysis"} <= set(families.get("competing_values_culture", []))


# --------------------------------------------------------------------------- sources

_INTERNAL = re.compile(r"research|researchnot|\b[EMTDPC]\d{1,2}\b|øvelseskort|seed", re.IGNORECASE)


def test_source_notes_name_publications_not_research_notes(lib):
    bad = [f"{item.key}: {s.note}" for item in lib.items() for s in item.sources
           if s.note and _INTERNAL.search(s.note)]
    assert bad == []


def test_no_year_for_sources_that_state_none(lib):
    undated = {"Kom videre med social kapital", "Social kapital – fra idé til praksis",
               "Frisættelse og ledelse på tværs (oplæg med slides)"}
    dated = [f"{item.key}: {s.title} {s.year}" for item in lib.items() for s in item.sources
             if s.title in undated and s.year]
    assert dated == []


def test_exercise_timings_say_when_they_are_the_kits_own(lib):
    """Every exercise says where its minutes come from: the kit (kittets egne/forslag/
    tilføjelser/bearbejdning) or the source (kilden giver, hæftets forslag …)."""
    marks = re.compile(r"kittets|tiderne .*(kilden|hæftets|materialet)|faserne \d", re.IGNORECASE)
    unmarked = []
    for ex in lib.exercises.values():
        texts = [s.note or "" for s in ex.sources] + list(ex.facilitator_notes)
        if not any(marks.search(t) for t in texts):
            unmarked.append(ex.id)
    assert unmarked == []
