from __future__ import annotations

import subprocess
import sys


def test_importing_readers_loads_no_format_library() -> None:
    """`kode list` imports the corpus package; it must not pay for python-docx and friends."""
    code = (
        "import sys, intervju.readers, intervju.canonical, intervju.speakers; "
        "print(sorted(m for m in ('docx', 'webvtt', 'srt', 'charset_normalizer', 'spacy', "
        "'textual') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
