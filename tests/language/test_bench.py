"""bench/lemma.py on a small CoNLL-U file of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONLLU = """\
# sent_id = 1
# text = Ungdommene medvirket, sa Kari.
1\tUngdommene\tungdom\tNOUN\t_\t_\t2\tnsubj\t_\t_
2\tmedvirket\tmedvirke\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
3\t,\t$,\tPUNCT\t_\t_\t4\tpunct\t_\t_
4\tsa\tsi\tVERB\t_\t_\t2\tparataxis\t_\t_
5\tKari\tKari\tPROPN\t_\t_\t4\tnsubj\t_\tSpaceAfter=No
6\t.\t$.\tPUNCT\t_\t_\t2\tpunct\t_\t_

"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / "lemma.py"), *args],
        check=False, capture_output=True, text=True, timeout=300,
    )


def test_bench_scores_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "mini.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    done = run(str(path), "--model", "fallback")
    assert done.returncode == 0, done.stderr
    assert "accuracy   100.00% (4/4)" in done.stdout
    assert "fallback:blank-nb+ordbank" in done.stdout


def test_bench_names_a_missing_file(tmp_path: Path) -> None:
    done = run(str(tmp_path / "nowhere.conllu"))
    assert done.returncode == 2
    assert "nowhere.conllu" in done.stderr
