"""Batch throughput, memory and peers, measured side by side in one run.

- one full kit (handout + deck + posters) vs docxtpl rendering an equivalent
  handout and pandoc building an equivalent docx and pptx;
- a 50-team batch with and without --pdf, vs one cold soffice per file;
- kits per second and peak RSS of the whole process tree; with --big, a
  1,000-team sheet (several minutes).

Run with `make bench` (`python benchmarks/bench_batch.py [--big]`).
"""

from __future__ import annotations

import csv
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_time(fn, repeat: int = 5) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# -- one kit against its peers ------------------------------------------------------

def _kit():
    from kitgen.library import load_library
    from kitgen.order import load_order
    from kitgen.plan import plan

    lib = load_library()
    return plan(load_order(ROOT / "examples" / "borgerservice.yaml", lib), lib, "da")


def _docxtpl_template(path: Path) -> None:
    """A Word template with Jinja tags, shaped like kitgen's handout."""
    from docx import Document

    doc = Document(str(ROOT / "templates" / "handout.docx"))
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ workplace }}", style="Subtitle")
    doc.add_paragraph("{{ core_task }}", style="Kit Core Task")
    doc.add_heading("Dagsorden", 1)
    table = doc.add_table(rows=2, cols=3)
    table.rows[0].cells[0].text = "{%tr for a in agenda %}"
    table.rows[1].cells[0].text = "{{ a.time }}"
    table.rows[1].cells[1].text = "{{ a.title }}"
    table.rows[1].cells[2].text = "{{ a.duration }}{%tr endfor %}"
    doc.add_paragraph("{%p for ex in exercises %}")
    doc.add_heading("{{ ex.title }}", 1)
    doc.add_paragraph("{{ ex.purpose }}")
    doc.add_paragraph("{%p for s in ex.steps %}")
    doc.add_paragraph("{{ s.number }}. {{ s.title }} ({{ s.duration }})", style="Kit Step")
    doc.add_paragraph("{{ s.text }}", style="Kit Step Text")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p for q in ex.questions %}")
    doc.add_paragraph("{{ q }}", style="List Bullet")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_heading("Kilder", 1)
    doc.add_paragraph("{%p for s in sources %}")
    doc.add_paragraph("{{ s }}", style="Kit Source")
    doc.add_paragraph("{%p endfor %}")
    doc.save(str(path))


def _context(kit) -> dict:
    return {
        "title": kit.session_title, "workplace": kit.workplace, "core_task": kit.core_task,
        "agenda": [{"time": a.time_range, "title": a.title, "duration": a.duration} for a in kit.agenda],
        "exercises": [{"title": e.title, "purpose": e.purpose,
                       "steps": [{"number": s.number, "title": s.title, "duration": s.duration,
                                  "text": s.text} for s in e.steps],
                       "questions": [q for g in e.questions for q in g.items]} for e in kit.exercises],
        "sources": list(kit.sources)}


def _markdown(kit) -> str:
    lines = [f"# {kit.session_title}", "", kit.workplace, "", f"> {kit.core_task}", "", "# Dagsorden", "",
             "| Tid | Punkt | Varighed |", "|---|---|---|"]
    lines += [f"| {a.time_range} | {a.title} | {a.duration} |" for a in kit.agenda]
    for e in kit.exercises:
        lines += ["", f"# {e.title}", "", e.purpose, ""]
        lines += [f"{s.number}. **{s.title}** ({s.duration}): {s.text}" for s in e.steps]
        lines += [""] + [f"- {q}" for g in e.questions for q in g.items]
    lines += ["", "# Kilder", ""] + [f"- {s}" for s in kit.sources]
    return "\n".join(lines)


def single_kit() -> list[tuple[str, float]]:
    from docxtpl import DocxTemplate
    import pypandoc

    from kitgen.builders import deck, handout, poster
    from kitgen.theme import load_theme

    kit, theme = _kit(), None
    theme = load_theme("default")
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "tpl.docx"
        _docxtpl_template(template)

        def docxtpl_handout():
            tpl = DocxTemplate(str(template))
            tpl.render(_context(kit))
            tpl.save(io.BytesIO())

        md = _markdown(kit)

        def pandoc_docx_pptx():
            pypandoc.convert_text(md, "docx", format="md", outputfile=str(Path(tmp) / "p.docx"))
            pypandoc.convert_text(md, "pptx", format="md", outputfile=str(Path(tmp) / "p.pptx"))

        return [
            ("kitgen: full kit (plan, handout, deck, 2 posters + previews)",
             median_time(lambda: poster.build_files(kit, theme) and deck.build(kit, theme)
                         and handout.build(_kit(), theme))),
            ("kitgen: handout only", median_time(lambda: handout.build(kit, theme))),
            ("docxtpl: equivalent handout", median_time(docxtpl_handout)),
            ("pandoc: equivalent docx + pptx", median_time(pandoc_docx_pptx)),
        ]


# -- batches ---------------------------------------------------------------------------

def team_sheet(path: Path, n: int) -> None:
    """n teams, cycling through the example sheet with numbered team names."""
    with (ROOT / "examples" / "teams.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = rows[0]
    teams = [r for r in rows[1:] if not r[header.index("modul")]]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        for i in range(n):
            row = list(teams[i % len(teams)])
            row[header.index("team")] = f"{row[header.index('team')]} {i:04d}"
            row[header.index("sprog")] = "da"
            writer.writerow(row)


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack += [int(c) for c in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_batch(sheet: Path, out: Path, *extra: str) -> tuple[float, float]:
    """(seconds, peak RSS of the process tree in MiB) of one `kitgen batch`."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kitgen.cli", "batch", str(sheet), "-o", str(out),
                             *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def sample():
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    sampler.join()
    return time.perf_counter() - start, peak / 1024


def soffice_per_file(files: list[Path]) -> float:
    soffice = shutil.which("soffice")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(f)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    big = "--big" in sys.argv
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print("\none kit (median of 5, warm, in-process)")
    for name, seconds in single_kit():
        print(f"  {name:62} {seconds * 1000:7.0f} ms")
    print("\nbatches (kitgen batch, 2 workers)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        team_sheet(tmp / "teams50.csv", 50)
        seconds, rss = run_batch(tmp / "teams50.csv", tmp / "out-a")
        print(f"  50 teams, no --pdf        {seconds:7.1f} s  {50 / seconds:6.2f} kits/s  peak RSS {rss:6.0f} MiB")
        seconds, rss = run_batch(tmp / "teams50.csv", tmp / "out-a")
        print(f"  50 teams again (skipped)  {seconds:7.1f} s  {50 / seconds:6.2f} kits/s  peak RSS {rss:6.0f} MiB")
        if shutil.which("soffice"):
            seconds, rss = run_batch(tmp / "teams50.csv", tmp / "out-b", "--pdf")
            print(f"  50 teams, --pdf           {seconds:7.1f} s  {50 / seconds:6.2f} kits/s  peak RSS {rss:6.0f} MiB")
            files = sorted((tmp / "out-a").glob("*/da/handout.docx"))[:10]
            files += sorted((tmp / "out-a").glob("*/da/deck.pptx"))[:10]
            cold = soffice_per_file(files)
            print(f"  one cold soffice per file: {cold / len(files):.2f} s per file "
                  f"→ {100 * cold / len(files):.0f} s for the 100 files of 50 kits")
        if big:
            team_sheet(tmp / "teams1000.csv", 1000)
            seconds, rss = run_batch(tmp / "teams1000.csv", tmp / "out-c")
            print(f"  1000 teams, no --pdf      {seconds:7.1f} s  {1000 / seconds:6.2f} kits/s  peak RSS {rss:6.0f} MiB")


if __name__ == "__main__":
    main()
