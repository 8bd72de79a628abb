"""Fuzzing the import: random bytes and random zips named like transcripts.

Whatever the files hold, ``kode import`` ends with exit 0 or 1, one line per failed file naming
it, no traceback, nothing of a failed file in the project, and (a subprocess, measured) less
than 1 GB of memory for the hostile ones.
"""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from intervju.models import Interview, Turn
from kode.project import Project
from tests.conftest import REPO, run_cli

SUFFIXES = (".docx", ".txt", ".srt", ".vtt", ".json")
_counter = itertools.count(1)


def _minimal_docx() -> bytes:
    doc = Document()
    doc.add_paragraph("I: Hvordan har du det?")
    doc.add_paragraph("U: Bra, takk.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


_DOCX = _minimal_docx()
_DOCX_PARTS = {i.filename: zipfile.ZipFile(io.BytesIO(_DOCX)).read(i.filename)
               for i in zipfile.ZipFile(io.BytesIO(_DOCX)).infolist()}  # fmt: skip
_MEMBER_NAMES = st.sampled_from(
    ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "x.bin", "../up.xml"]
)
_XMLISH = st.lists(
    st.sampled_from(["<w:p>", "</w:p>", "<w:r><w:t>", "</w:t></w:r>", "I: ", "U03: ", "på", "<!DOCTYPE x>",
                     "&amp;", "<", ">", "\x00", "ÆØÅ", "\n"]),
    max_size=40,
).map("".join)  # fmt: skip


@st.composite
def random_zip(draw: st.DrawFn) -> bytes:
    """A zip whose members are random, or a real .docx with one part replaced by noise."""
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    with zipfile.ZipFile(out, "w", method) as archive:
        if draw(st.booleans()):
            victim = draw(st.sampled_from(sorted(_DOCX_PARTS)))
            noise = draw(st.one_of(st.binary(max_size=200), _XMLISH.map(lambda s: s.encode("utf-8"))))
            for name, data in _DOCX_PARTS.items():
                archive.writestr(name, noise if name == victim else data)
        else:
            for name in draw(st.lists(_MEMBER_NAMES, max_size=4, unique=True)):
                archive.writestr(name, draw(st.binary(max_size=300)))
    data = out.getvalue()
    if draw(st.booleans()):  # a damaged archive: cut or flipped
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] if draw(st.booleans()) else data[:cut] + bytes([data[cut] ^ 0xFF]) + data[cut + 1 :] if cut < len(data) else data
    return data


_TEXTISH = st.lists(
    st.sampled_from(["I: ", "U03: ", "Hei på deg", "\n", "\n\n", "1\n", "00:00:01,000 --> 00:00:02,000\n", "WEBVTT\n",
                     "<v Kari>", '{"segments": [', '{"start": 1, "text": "ja"}', "]}", "pÃ¥", "\ufeff", "\x00", "\r",
                     "[00:12:31] ", "SPEAKER_00: "]),
    max_size=30,
).map("".join)  # fmt: skip

_CONTENT = st.one_of(
    st.binary(max_size=400),
    _TEXTISH.map(lambda s: s.encode("utf-8")),
    _TEXTISH.map(lambda s: s.encode("utf-16")),
    random_zip(),
)
_FILES = st.lists(st.tuples(st.sampled_from(SUFFIXES), _CONTENT), min_size=1, max_size=4)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.kode"
    Project.create(str(path), sites=["Nordbakken"]).close()
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])  # fmt: skip
@given(files=_FILES)
def test_random_files_fail_one_line_each_or_import(fuzz_project: Path, tmp_path_factory: pytest.TempPathFactory,
                                                   files: list[tuple[str, bytes]]) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("in")
    names = []
    for suffix, data in files:
        name = f"nordbakken_ungdom_U{next(_counter)}_T1{suffix}"
        (folder / name).write_bytes(data)
        names.append(name)
    with Project.open(str(fuzz_project)) as p, p.session() as s:
        before = s.scalar(select(func.count()).select_from(Interview))
    result = run_cli("import", fuzz_project, folder, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    by_file = {Path(r["file"]).name: r for r in report["files"]}
    assert sorted(by_file) == sorted(names)
    assert (result.exit_code == 1) == any(r["status"] == "failed" for r in by_file.values())
    for r in by_file.values():
        assert "\n" not in r["message"] and "unexpected error" not in r["message"], r
    with Project.open(str(fuzz_project)) as p, p.session() as s:
        stored = dict(s.execute(select(Interview.name, Interview.turn_count)).all())
        turns = dict(s.execute(select(Interview.name, func.count(Turn.id)).join(Turn).group_by(Interview.name)).all())
        after = s.scalar(select(func.count()).select_from(Interview))
    assert after == before + report["imported"]
    for name, r in by_file.items():
        stem = Path(name).stem
        if r["status"] == "imported":
            assert stored[stem] == turns[stem] == r["turns"] > 0
        else:
            assert stem not in stored  # nothing of a failed file


def _hostile_files(folder: Path) -> None:
    """The kinds of files the issue met, at the sizes it met them."""
    para = b"<w:p><w:r><w:t>I: ja ja ja ja ja ja ja ja</w:t></w:r></w:p>"
    for name, body in (
        ("U1", para * (148 * 2**20 // len(para))),  # 148 MB of XML in ~0.5 MB
        ("U2", para * (2**20 // len(para)) * 30),  # 30 MB, within the part limit, ratio over it
    ):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in _DOCX_PARTS.items():
                archive.writestr(part, data.replace(b"<w:body>", b"<w:body>" + body) if part == "word/document.xml"
                                 else data)  # fmt: skip
        (folder / f"nordbakken_ungdom_{name}_T1.docx").write_bytes(out.getvalue())
    with (folder / "nordbakken_ungdom_U3_T1.txt").open("wb") as handle:
        handle.truncate(200 * 2**20)  # 200 MB (sparse)
    sentence = "Vi spiste middag sammen på kjøkkenet og det føltes som hjemme. "
    (folder / "nordbakken_ungdom_U4_T1.txt").write_text("U4: " + sentence * (5_000_000 // len(sentence)),
                                                        encoding="utf-8")  # fmt: skip


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the high-water mark from /proc (Linux)")
def test_hostile_files_stay_under_a_gigabyte(tmp_path: Path) -> None:
    """The import of the hostile files, in a process of its own, peaks under 1 GB (its own
    high-water mark from /proc plus its read-ahead helper's maximum resident set) and answers
    every file in one line."""
    project = tmp_path / "p.kode"
    Project.create(str(project), sites=["Nordbakken"]).close()
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_files(folder)
    script = (
        "import atexit, resource, sys\n"
        "def peak():\n"
        "    # This process's own high-water mark (VmHWM: ru_maxrss would carry the RSS of the pytest\n"
        "    # process it was forked from across exec) plus its read-ahead helper's (intervju.prefetch).\n"
        "    own = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
        "    return own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "atexit.register(lambda: print('maxrss', peak(), file=sys.stderr))\n"
        "from kode.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    done = subprocess.run([sys.executable, "-c", script, "import", str(project), str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(str(folder))]
    assert len(lines) == 3, done.stderr
    assert "imported as nordbakken_ungdom_U4_T1" in done.stdout
    peak_kb = int(done.stderr.rsplit("maxrss", 1)[1].split()[0])
    print(f"peak {peak_kb / 2**10:.0f} MB")
    assert peak_kb * 1024 < 2**30, f"peak {peak_kb / 2**10:.0f} MB"
