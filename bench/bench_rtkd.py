"""Benchmark of the province RTKD document (docs/deploy.md §8.3).

    python bench/bench_rtkd.py            # 5 runs of each measurement
    python bench/bench_rtkd.py --runs 3

Two measurements, each in fresh processes (a warm process would hide the imports):

* ``build_rtkd("64", 2024, 2029, …)`` in one process: the package import, then the document
  (.docx and .xlsx), wall and CPU;
* the whole command ``sinergi rtk dokumen --wilayah 64 --tahun-dasar 2024 --tahun-akhir 2029
  --keluaran RTKD.docx``: wall, and the CPU (user + sys) of the child process.

Prints every run, the best and the median, and the load average before and after: the machine
is often shared, so wall times are inflated under load, CPU times much less. Aim: the whole
command in at most 3 s on a quiet 2-core machine. Files are written to a temporary folder.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IN_PROCESS = """
import time
t0, c0 = time.perf_counter(), time.process_time()
from sinergi.documents.rtkd import build_rtkd
t1, c1 = time.perf_counter(), time.process_time()
build_rtkd("64", 2024, 2029, {out!r})
t2, c2 = time.perf_counter(), time.process_time()
print(t1 - t0, c1 - c0, t2 - t1, c2 - c1)
"""


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def _summary(name: str, values: list[float]) -> str:
    return f"{name} best {min(values):.2f} s, median {statistics.median(values):.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SINERGI_HOME=os.environ.get("SINERGI_HOME", str(Path(tmp) / "home")))
        cols: dict[str, list[float]] = {k: [] for k in ("import", "import cpu", "build", "build cpu", "cmd", "cmd cpu")}
        for i in range(args.runs):
            out = subprocess.run([sys.executable, "-c", IN_PROCESS.format(out=str(Path(tmp) / "a.docx"))], env=env,
                                 check=True, capture_output=True, text=True).stdout.split()
            for key, v in zip(("import", "import cpu", "build", "build cpu"), map(float, out), strict=True):
                cols[key].append(v)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sinergi.cli", "rtk", "dokumen", "--wilayah", "64", "--tahun-dasar", "2024",
                            "--tahun-akhir", "2029", "--keluaran", str(Path(tmp) / "RTKD.docx")], env=env, check=True,
                           capture_output=True)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cols["cmd"].append(wall)
            cols["cmd cpu"].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(f"run {i + 1}: import {cols['import'][-1]:.2f} s (cpu {cols['import cpu'][-1]:.2f}), build_rtkd "
                  f"{cols['build'][-1]:.2f} s (cpu {cols['build cpu'][-1]:.2f}); command {wall:.2f} s "
                  f"(cpu {cols['cmd cpu'][-1]:.2f})")
    print(_summary("build_rtkd wall", cols["build"]) + "; " + _summary("cpu", cols["build cpu"]))
    print(_summary("command wall", cols["cmd"]) + "; " + _summary("cpu", cols["cmd cpu"]))
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
