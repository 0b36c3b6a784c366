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
import dataclasses
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


def median_time(fn, repeat: int = 9) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# -- one kit against its peers ------------------------------------------------------

def _order():
    """(order, library, language) of the example kit."""
    from kitgen.content.library import load_library
    from kitgen.inputs.order import load_order

    lib = load_library()
    return load_order(ROOT / "examples" / "borgerservice.yaml", lib), lib, "da"


def _kit():
    from kitgen.kit.plan import plan

    return plan(*_order())


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

    from kitgen.builders.registry import builder
    from kitgen.kit.plan import plan
    from kitgen.kit.theme import load_theme

    handout, deck, poster = builder("handout"), builder("deck"), builder("poster")
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

        lib_order = _order()

        def documents():  # what the target is about: handout + deck + one poster
            kit_ = plan(*lib_order)
            handout.build(kit_, theme), deck.build(kit_, theme)
            poster.poster(kit_.posters[0], kit_, theme)

        counter = iter(range(10**6))

        def documents_new_team():  # as in a batch: new names and core task each time
            order, lib_, lang = lib_order
            n = next(counter)
            kit_ = plan(dataclasses.replace(order, workplace=f"{order.workplace} {n}",
                                            core_task=f"{order.core_task} ({n})"), lib_, lang)
            handout.build(kit_, theme), deck.build(kit_, theme)
            poster.poster(kit_.posters[0], kit_, theme)

        def full_kit():  # everything `kitgen build` writes for one language
            kit_ = plan(*lib_order)
            handout.build(kit_, theme), deck.build(kit_, theme), poster.build(kit_, theme)

        return [
            ("kitgen: plan + handout + deck + 1 poster PDF", median_time(documents)),
            ("kitgen: the same for a new team each time", median_time(documents_new_team)),
            ("kitgen: full kit (+ 2nd poster, 2 PNG previews)", median_time(full_kit)),
            ("kitgen: handout only", median_time(lambda: handout.build(kit, theme))),
            ("kitgen: deck only", median_time(lambda: deck.build(kit, theme))),
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


def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in KiB. RSS counts a page
    shared by several processes (library code, the fork server's imports) once per
    process; PSS divides it among them, so the PSS sum is what the tree really uses."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def run_batch(sheet: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    """(seconds, peak RSS, peak PSS of the process tree in MiB) of one `kitgen batch`."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kitgen.cli", "batch", str(sheet), "-o", str(out),
                             *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0

    def sample():
        nonlocal peak_rss, peak_pss
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    sampler.join()
    if proc.returncode != 0:  # a crashed or failing batch is no speed record
        raise SystemExit(f"kitgen batch {sheet.name} {' '.join(extra)} exited with {proc.returncode}")
    built = sum(1 for _ in out.glob("*/*/manifest.json"))
    if built == 0:
        raise SystemExit(f"kitgen batch {sheet.name} {' '.join(extra)} built nothing")
    return time.perf_counter() - start, peak_rss / 1024, peak_pss / 1024


def _libreoffice() -> str:
    from kitgen.pdf.libreoffice import _allocator

    version = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.split()
    malloc = "jemalloc" if _allocator() else "glibc malloc"
    return f"LibreOffice {version[1] if len(version) > 1 else '?'} with {malloc}"


def soffice_per_file(files: list[Path]) -> float:
    soffice = shutil.which("soffice")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(f)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def _print_ready(pdf: bytes) -> bytes:
    from datetime import datetime

    from kitgen.pdf.printready import print_ready

    return print_ready(pdf, "da-DK", "benchmark", datetime(2026, 12, 3, 9, 0))


def main() -> None:
    big = "--big" in sys.argv
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print("\none kit (median of 9, warm, in-process)")
    for name, seconds in single_kit():
        print(f"  {name:62} {seconds * 1000:7.1f} ms")
    print("\nbatches (kitgen batch, 2 build threads; peak memory of the whole process tree)")

    def line(label: str, n: int, result: tuple[float, float, float]) -> None:
        seconds, rss, pss = result
        print(f"  {label:26} {seconds:7.1f} s  {n / seconds:6.2f} kits/s  "
              f"peak RSS {rss:5.0f} MiB  peak PSS {pss:5.0f} MiB")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        team_sheet(tmp / "teams50.csv", 50)
        line("50 teams, no --pdf", 50, run_batch(tmp / "teams50.csv", tmp / "out-a"))
        line("50 teams again (skipped)", 50, run_batch(tmp / "teams50.csv", tmp / "out-a"))
        if shutil.which("soffice"):
            # This machine's speed drifts by up to a tenth between minutes, so the
            # --pdf batch (the slowest line) is run three times and the median shown.
            runs = sorted((run_batch(tmp / "teams50.csv", tmp / f"out-b{i}", "--pdf") for i in range(3)),
                          key=lambda r: r[0])
            line("50 teams, --pdf (median)", 50, runs[1])
            print(f"    3 runs: {', '.join(f'{r[0]:.1f} s ({50 / r[0]:.2f} kits/s)' for r in runs)}; "
                  f"{_libreoffice()}")
            # The print pack on top of built kits (they are skipped): print-ready
            # handouts (Ghostscript to CMYK PDF/X-4, one per core) and the job sheet.
            pack = run_batch(tmp / "teams50.csv", tmp / "out-b0", "--print-pack")
            print(f"  {'print pack of 50 kits':26} {pack[0]:7.1f} s  (the kits themselves skipped: "
                  f"see '50 teams again')")
            handout = next((tmp / "out-b0").glob("*/da/handout.pdf")).read_bytes()
            print(f"  {'one handout print-ready':26} {median_time(lambda: _print_ready(handout), 3):7.2f} s  "
                  f"({len(handout) // 1024} KB LibreOffice PDF → CMYK PDF/X-4)")
            files = sorted((tmp / "out-a").glob("*/da/handout.docx"))[:10]
            files += sorted((tmp / "out-a").glob("*/da/deck.pptx"))[:10]
            cold = soffice_per_file(files)
            print(f"  one cold soffice per file: {cold / len(files):.2f} s per file "
                  f"→ {100 * cold / len(files):.0f} s for the 100 files of 50 kits")
        if big:
            team_sheet(tmp / "teams1000.csv", 1000)
            line("1000 teams, no --pdf", 1000, run_batch(tmp / "teams1000.csv", tmp / "out-c"))


if __name__ == "__main__":
    main()
