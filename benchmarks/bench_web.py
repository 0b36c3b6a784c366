"""The web app under a bounded load: 5 simulated users against a real
`kitgen serve` on 127.0.0.1, and the planner behind "suggest a program".

Each user, in its own thread with its own connection, repeats a round of what
a person does on the make-a-kit page: the form changes (the live agenda,
POST /ui/plan), the API validates (POST /api/validate), and now and then a
kit is downloaded (POST /api/kits, no PDFs). The server's resident memory is
read from /proc while it runs (peak: VmHWM).

Targets (issue 14): validate p95 <= 100 ms, agenda update <= 150 ms,
kits p95 <= 1.5 s, server RSS <= 300 MB; suggest <= 50 ms.

Run with `make bench` (`python benchmarks/bench_web.py [--rounds N]`).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USERS = 5
ORDER = {
    "workplace": "Borgerservice Nordby Kommune", "team": "Team Pas og Kørekort",
    "core_task": "Vi hjælper borgerne hurtigt og korrekt videre.", "sector": "public", "locale": ["da"],
    "date": "2027-02-03", "start": "09:00", "participants": 14, "time_budget": 240,
    "exercises": ["core_task_deep_dive", "psych_safety_team_scan", "trial_actions"],
    "posters": ["core_task"],
}


def _form(order: dict, n: int) -> dict[str, str | list[str]]:
    """The make-a-kit form as the browser posts it, the user typing a new team name."""
    return {k: (list(v) if isinstance(v, list) else f"{v} {n}" if k == "team" else str(v))
            for k, v in order.items()}


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _rss(pid: int) -> tuple[int, int]:
    """(current, peak) resident memory of a process in MB."""
    now = peak = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) // 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
    return now, peak


def load(rounds: int) -> dict[str, list[float]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = Path(tempfile.mkdtemp(prefix="kitgen-bench-web-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
    server = subprocess.Popen([sys.executable, "-m", "kitgen", "serve", "--port", str(port)],
                              cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("bench_web: kitgen serve did not start")
            time.sleep(0.1)
        # one warm-up of each request (the first kit loads fonts and templates)
        with httpx.Client(base_url=base, timeout=60) as c:
            c.post("/api/validate", json=ORDER).raise_for_status()
            c.post("/ui/plan", data=_form(ORDER, 0)).raise_for_status()
            c.post("/api/kits", json=ORDER).raise_for_status()
        times: dict[str, list[float]] = {"validate": [], "plan": [], "kits": [], "alone": []}
        with httpx.Client(base_url=base, timeout=60) as c:  # one user alone, for comparison
            for _ in range(30):
                t0 = time.perf_counter()
                c.post("/api/validate", json=ORDER).raise_for_status()
                times["alone"].append(time.perf_counter() - t0)
        guard = threading.Lock()
        peak_seen = [0]
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                peak_seen[0] = max(peak_seen[0], _rss(server.pid)[0])
                time.sleep(0.05)

        def user(k: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                for r in range(rounds):
                    for name, call in (("plan", lambda: c.post("/ui/plan", data=_form(ORDER, r))),
                                       ("validate", lambda: c.post("/api/validate", json=ORDER)),
                                       ("plan", lambda: c.post("/ui/plan", data=_form(ORDER, r + 1))),
                                       *((("kits", lambda: c.post("/api/kits", json={**ORDER, "team": f"T{k}.{r}"})),)
                                         if r % 4 == k % 4 else ())):
                        t = time.perf_counter()
                        response = call()
                        elapsed = time.perf_counter() - t
                        response.raise_for_status()
                        with guard:
                            times[name].append(elapsed)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        threads = [threading.Thread(target=user, args=(k,)) for k in range(USERS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        stop.set()
        watcher.join()
        now, hwm = _rss(server.pid)
        times["page"] = in_the_page(base)
        times["_wall"] = [wall]
        times["_rss"] = [now, max(hwm, peak_seen[0])]
        return times
    finally:
        server.terminate()
        server.wait(20)


CHROMIUM = "/usr/bin/chromium"


def in_the_page(base: str, samples: int = 20) -> list[float]:
    """Seconds from a click on "Tilføj" (add an exercise) or "Fjern" to the page's
    agenda showing the new program, in a real Chromium, one user: what a person
    waits for. [] without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    if not os.path.exists(CHROMIUM):
        return []
    out: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        page.goto(base + "/kit")
        page.fill("#f-workplace", ORDER["workplace"])
        page.fill("#f-core_task", ORDER["core_task"])
        page.wait_for_selector("#picker-results button")
        # the time from the click until htmx has settled the new agenda into the page
        page.evaluate("""() => { window.__settled = 0;
            document.body.addEventListener('htmx:afterSettle', e => {
              if (e.target.id === 'plan' || (e.detail.target && e.detail.target.id === 'plan')) window.__settled = performance.now(); }); }""")
        for i in range(samples):
            button = page.locator("#picker-results button").nth(i % 5) if i % 2 == 0 \
                else page.locator("#program button[value^='remove:']").first
            page.evaluate("() => { window.__settled = 0; }")
            start = page.evaluate("() => performance.now()")
            button.click()
            page.wait_for_function("() => window.__settled > 0", timeout=10000)
            out.append((page.evaluate("() => window.__settled") - start) / 1000)
        browser.close()
    return out


def bench_suggest() -> tuple[float, float]:
    """(median, max) ms of the planner for three typical questions, warm."""
    from datetime import time as clock

    from kitgen.content.library import load_library
    from kitgen.content.schema import Tag
    from kitgen.kit.suggest import Question, suggest

    lib = load_library()
    questions = [Question((Tag("trust"),), 180, 14, "public", clock(9)),
                 Question((Tag("psychological_safety"), Tag("feedback")), 240, 20, "private", clock(9)),
                 Question((Tag("core_task"),), 420, 30, "public", clock(8, 30))]
    for q in questions:
        suggest(lib, q)
    runs = []
    for _ in range(7):
        for q in questions:
            t = time.perf_counter()
            suggest(lib, q)
            runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    t = load(args.rounds)
    ms = {k: [x * 1000 for x in v] for k, v in t.items() if not k.startswith("_")}
    print(f"web app, {USERS} users × {args.rounds} rounds in {t['_wall'][0]:.1f} s "
          f"(server RSS now {t['_rss'][0]} MB, peak {t['_rss'][1]} MB; target <= 300 MB)")
    print("| request | n | median | p95 | max | target (p95) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, label, target in (("validate", "POST /api/validate", "100 ms"),
                                ("plan", "agenda update (POST /ui/plan)", "150 ms"),
                                ("kits", "POST /api/kits (no PDFs)", "1500 ms")):
        v = ms[name]
        print(f"| {label} | {len(v)} | {statistics.median(v):.0f} ms | {_p(v, 0.95):.0f} ms | {max(v):.0f} ms "
              f"| {target} |")
    if ms.get("page"):
        v = ms["page"]
        print(f"| agenda in the page (click to settled, Chromium, after the load) | {len(v)} | "
              f"{statistics.median(v):.0f} ms | {_p(v, 0.95):.0f} ms | {max(v):.0f} ms | 150 ms |")
    alone = ms["alone"]
    print(f"\none user alone: POST /api/validate median {statistics.median(alone):.1f} ms, "
          f"p95 {_p(alone, 0.95):.1f} ms")
    median, worst = bench_suggest()
    print(f"suggest (planner, warm): median {median:.1f} ms, max {worst:.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
