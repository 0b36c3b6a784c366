"""Per-poster build time, warm (in one process) and cold (a fresh process per poster).

Run with `make bench` (or `python benchmarks/bench_posters.py`). Prints a table;
copy it into benchmarks/RESULTS.md with the machine and date.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORDER = """\
workplace: Borgerservice Nordby Kommune
team: Team Pas og Kørekort
core_task: Vi hjælper borgerne hurtigt og korrekt videre, så de kan få pas og kørekort uden unødige ventetider.
sector: public
date: 2026-12-03
exercises: [core_task_deep_dive, psych_safety_team_scan, trial_actions]
posters: [core_task, program, psych_safety_team_scan]
"""

COLD = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
from kitgen.content.library import load_library
from kitgen.inputs.order import load_order
from kitgen.kit.plan import plan
from kitgen.kit.theme import load_theme
from kitgen.builders.registry import builder
poster = builder('poster')
lib = load_library()
kit = plan(load_order(Path({order!r}), lib), lib, "da")
t1 = time.perf_counter()
poster.poster(kit.posters[{index}], kit, load_theme("default"))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def main(repeat: int = 20) -> None:
    from kitgen.builders.registry import builder
    from kitgen.content.library import load_library
    from kitgen.inputs.order import load_order
    from kitgen.kit.plan import plan
    from kitgen.kit.theme import load_theme

    with tempfile.TemporaryDirectory() as tmp:
        order_path = Path(tmp) / "order.yaml"
        order_path.write_text(ORDER, encoding="utf-8")
        lib = load_library()
        kit = plan(load_order(order_path, lib), lib, "da")
        theme = load_theme("default")
        poster = builder("poster")
        rows = []
        for index, page in enumerate(kit.posters):
            poster.poster(page, kit, theme)  # warm-up
            warm, finish_only, preview_only = [], [], []
            for _ in range(repeat):
                t0 = time.perf_counter()
                raw = poster.render(page, kit, theme)
                t1 = time.perf_counter()
                pdf = poster.finish(raw, page, kit, theme)
                t2 = time.perf_counter()
                poster.preview(pdf, theme.bleed_mm)
                t3 = time.perf_counter()
                warm.append(t2 - t0)
                finish_only.append(t2 - t1)
                preview_only.append(t3 - t2)
            # A batch lays out new text for every team: typst's caches help less.
            fresh = []
            for i in range(repeat):
                other = dataclasses.replace(kit, workplace=f"{kit.workplace} {i}")
                changed = dataclasses.replace(page, title=f"{page.title} {i}", footer=f"{page.footer} {i}")
                t0 = time.perf_counter()
                poster.finish(poster.render(changed, other, theme), changed, other, theme)
                fresh.append(time.perf_counter() - t0)
            cold = []
            for _ in range(3):
                out = subprocess.run([sys.executable, "-c", COLD.format(root=str(ROOT), order=str(order_path),
                                                                       index=index)],
                                     capture_output=True, text=True, check=True)
                cold.append(float(out.stdout.split()[1]))
            rows.append((page.name, statistics.median(warm), statistics.median(fresh),
                         statistics.median(finish_only), statistics.median(preview_only),
                         statistics.median(cold)))
    print(f"posters: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, median of {repeat} warm / 3 cold runs")
    print(f"{'poster':28} {'warm PDF':>10} {'new text':>10} {'of it pikepdf':>14} {'PNG preview':>12} "
          f"{'cold PDF':>10}")
    for name, warm, fresh, fin, prev, cold in rows:
        print(f"{name:28} {warm * 1000:8.1f} ms {fresh * 1000:7.1f} ms {fin * 1000:11.1f} ms "
              f"{prev * 1000:9.1f} ms {cold * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
