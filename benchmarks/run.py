"""Run every benchmark and write its JSON to benchmarks/results/<name>.json.

    python benchmarks/run.py            # all
    python benchmarks/run.py step2_page # one
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BENCHMARKS = ["step2_page", "reports", "live", "typing_history", "room", "kernel_memory", "arrival", "phone",
              "store_backends", "layout"]


def main(names: list[str]) -> int:
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"bench_{name}")
        print(f"running {name} ...", flush=True)
        result = module.run()
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "platform": platform.platform()}
        result["date"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        path = out / f"{name}.json"
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
