"""Long and broken text (issue 20): a text too long to be an article, text decoded in the wrong encoding
(mojibake), UTF-8 with many invalid bytes, random bytes. Each is read, repaired with a note, or refused with
one line naming the file; none is stored as garbage and none gives a traceback."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from _longtext import long_article
from conftest import CLI
from newsloom.ingest import MAX_TEXT_CHARS, read_sources
from newsloom.ingest.decode import MAX_DAMAGED, damaged_chars, repair_mojibake
from newsloom.model import Failure, RawItem
from newsloom.store import SQLiteStore

# team-written (made up for these tests)
VI_TITLE = "Bão số 5 đổ bộ vào Quảng Ngãi"
VI_BODY = ("Bão số 5 đổ bộ vào Quảng Ngãi chiều nay, hàng nghìn người dân phải sơ tán khỏi vùng nguy hiểm.\n"
           "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, bão mạnh cấp 12, giật cấp 15.\n"
           "Ông Nguyễn Văn Hùng, Chủ tịch UBND tỉnh, cho biết hơn 3.000 hộ dân đã được đưa đến nơi an toàn. "
           "Lực lượng cứu hộ đã túc trực tại các xã ven biển, còn trường học được cho nghỉ đến hết thứ Sáu.")
# correct text that a careless repair would change: curly quotes, a ligature, full-width letters, dashes,
# Vietnamese capitals that look like Latin-1 ("NGÃ", "Ã") and a word about mojibake itself
TRICKY = ("Officials said the “ﬁnal” toll – 12 – was ‘provisional’; ＡＢＣ Ｎｅｗｓ confirmed it… "
          "NGÃ BA ĐỒNG LỘC, XÃ THẠCH TIẾN: ông Đỗ Văn Ã nói “Được rồi”. Café, naïve, Œuvre, ½ ¼ °C ±3 ™ ©.")


def mojibake(text: str, codec: str) -> bytes:
    """UTF-8 text read as `codec` and written out again as UTF-8: "Bão" -> "BÃ£o"."""
    if codec == "windows-1252+c1":  # how browsers and MySQL's latin1 read it: undefined bytes kept as C1
        read = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode())
    else:
        read = text.encode().decode(codec)
    return read.encode()


def broken_utf8(text: str, share: float, seed: int = 5) -> bytes:
    """UTF-8 with `share` of its bytes (after the first line) overwritten by random non-ASCII bytes."""
    data = bytearray(text.encode())
    rng = random.Random(seed)
    start = data.index(b"\n") + 1
    for i in rng.sample(range(start, len(data)), int((len(data) - start) * share)):
        data[i] = rng.randrange(0x80, 0x100)
    return bytes(data)


def read_one(path: Path) -> RawItem | Failure:
    [item] = list(read_sources([str(path)]))
    return item


@pytest.mark.parametrize("codec", ["latin-1", "windows-1252+c1"])
def test_mojibake_is_repaired_with_a_note(tmp_path: Path, codec: str):
    path = tmp_path / "bao.txt"
    path.write_bytes(mojibake(f"{VI_TITLE}\n{VI_BODY}", codec))
    assert path.read_text(encoding="utf-8").startswith("BÃ£o s")  # "BÃ£o sá»‘ 5": what was stored before
    item = read_one(path)
    assert isinstance(item, RawItem), item
    assert (item.title, item.text) == (VI_TITLE, VI_BODY)
    assert item.notes == ["mojibake repaired (text that had been decoded in the wrong encoding)"]


def test_correct_text_is_never_altered(tmp_path: Path):
    path = tmp_path / "tricky.txt"
    path.write_text(f"{VI_TITLE}\n{TRICKY}\n{VI_BODY}", encoding="utf-8")
    item = read_one(path)
    assert isinstance(item, RawItem), item
    assert (item.title, item.text, item.notes) == (VI_TITLE, f"{TRICKY}\n{VI_BODY}", [])
    assert repair_mojibake([TRICKY]) == [TRICKY]
    assert damaged_chars(TRICKY) < 2  # "Văn Ã nói": one sign of mojibake, below what an item needs to be repaired


def test_utf8_with_many_invalid_bytes_fails_with_one_clear_line(tmp_path: Path):
    path = tmp_path / "damaged.txt"
    path.write_bytes(broken_utf8(f"{VI_TITLE}\n{VI_BODY}", 0.05))
    item = read_one(path)
    assert isinstance(item, Failure), (item.title, item.text[:80])  # was stored as "BÃço sá»‘ä5 ..."
    assert item.origin == str(path)
    assert item.reason.startswith("text too damaged: ") and "\n" not in item.reason
    assert f"more than {MAX_DAMAGED:.0%}" in item.reason


def test_a_few_invalid_bytes_are_replaced_with_a_note(tmp_path: Path):
    data = f"{VI_TITLE}\n{VI_BODY}".encode()
    cut = len(f"{VI_TITLE}\n".encode()) + 10
    path = tmp_path / "mild.txt"
    path.write_bytes(data[:cut] + b"\xff\xfe" + data[cut:])
    item = read_one(path)
    assert isinstance(item, RawItem), item
    assert item.text.count("\ufffd") == 2 and item.title == VI_TITLE
    assert item.notes == [f"invalid UTF-8: 2 bytes replaced at offsets {cut}, {cut + 1}"]
    short = tmp_path / "short.json"  # two bad bytes in a record of a few words: still read
    short.write_bytes(b'{"title": "Gold price", "text": "Gold rose \xff\xfe2% on Monday."}')
    assert isinstance(read_one(short), RawItem)


@pytest.mark.parametrize("low", [0, 0x80])
def test_random_bytes_are_refused(tmp_path: Path, low: int):
    rng = random.Random(low)
    lines = [bytes(rng.randrange(low, 256) for _ in range(80)).replace(b"\n", b" ") for _ in range(100)]
    path = tmp_path / "noise.txt"
    path.write_bytes(b"\n".join(lines))
    item = read_one(path)
    assert isinstance(item, Failure), (item.title[:40], item.text[:80])
    assert item.reason in ("binary file (not text)",) or item.reason.startswith("text too damaged: ")


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """One run of the command line over a folder of long and broken texts and one good article."""
    root = tmp_path_factory.mktemp("broken")
    folder = root / "in"
    folder.mkdir()
    (folder / "book.txt").write_text(long_article(5_000_000), encoding="utf-8")
    (folder / "damaged.txt").write_bytes(broken_utf8(f"{VI_TITLE}\n{VI_BODY}", 0.05))
    (folder / "mojibake.txt").write_bytes(mojibake(f"{VI_TITLE}\n{VI_BODY}", "windows-1252+c1"))
    (folder / "noise.txt").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(8000)) + b"\0")
    db = root / "broken.db"
    done = subprocess.run([*CLI, "--db", str(db), "run", str(folder)], capture_output=True, text=True,
                          timeout=600)
    return folder, db, done


def test_cli_refuses_a_5mb_text_and_broken_files_with_one_line_each(cli_run):
    folder, _, done = cli_run
    assert done.returncode == 1, done.stderr[-2000:]  # as for any failed item
    out = done.stdout + done.stderr
    assert "Traceback" not in out and "E088" not in out
    for name, reason in (("book.txt", "text too long: 5.0 million characters > 2 million"),
                         ("damaged.txt", "text too damaged: "), ("noise.txt", "binary file (not text)")):
        lines = [ln for ln in out.splitlines() if name in ln]
        assert len(lines) == 1, (name, lines)
        assert lines[0].startswith(f"failed {folder / name}: {reason}"), lines[0]
    assert len(long_article(5_000_000)) > MAX_TEXT_CHARS


def test_cli_stores_the_mojibake_file_repaired(cli_run):
    folder, db, done = cli_run
    assert [ln for ln in done.stderr.splitlines() if "mojibake.txt" in ln] == [
        f"note {folder / 'mojibake.txt'}: mojibake repaired (text that had been decoded in the wrong encoding)"]
    with SQLiteStore(db) as store:
        [article] = store.articles()
    assert (article.title, article.lang) == (VI_TITLE, "vi")
    assert "Ông Nguyễn Văn Hùng" in article.text


def test_latin1_text_reads_as_windows_1252_even_when_a_baltic_codepage_ties():
    """charset-normalizer ranks Baltic cp775 ("Cafķ … M³ller") first for these bytes, and Windows-1250, which
    reads them as Windows-1252 does, next: equally clean, the Western reading wins, and the guess is noted."""
    from newsloom.ingest.decode import decode_bytes

    text = ("Café owners protest new riverside fees\n\nOwners of cafés along the river protested on Monday. "
            "\"We already lost half our customers,\" said café owner José Müller.")
    read, notes = decode_bytes(text.encode("latin-1"))
    assert read == text
    assert notes == ["not UTF-8 and no charset given: read as Windows-1252 (a guess)"]
    assert decode_bytes(text.encode("latin-1"), declared="utf-8") == (text, [  # a page's charset can be wrong
        "not UTF-8 and its charset (utf-8) does not read it: read as Windows-1252 (a guess)"])
    assert decode_bytes(text.encode("latin-1"), declared="shift_jis") == (text, [
        "not UTF-8 and its charset (shift_jis) does not read it: read as Windows-1252 (a guess)"])


def test_a_file_of_two_encodings_and_a_page_mislabelled_utf8_are_read_right():
    """An operator's files: a UTF-8 sentence then a Latin-1 one was read whole as ISO-8859-10 ("cafÃĐ in HÃ
    Náŧi"); a French page in Windows-1252 that says charset=utf-8 (a common CMS mistake) was refused."""
    from newsloom.ingest.decode import decode_bytes

    mixed = ("Bộ trưởng nói quán cà phê ở Hà Nội sẽ mở cửa lại.\n".encode()
             + "Le café de la gare a rouvert à Paris.\n".encode("cp1252"))
    assert decode_bytes(mixed) == (
        "Bộ trưởng nói quán cà phê ở Hà Nội sẽ mở cửa lại.\nLe café de la gare a rouvert à Paris.\n",
        ["mixed encodings: 1 line not UTF-8, read as Windows-1252 (a guess)"])
    page = ("<html><head><meta charset='utf-8'><title>Réouverture</title></head><body><p>Le café de la gare a "
            "rouvert à Paris, après des années de travaux.</p></body></html>").encode("cp1252")
    text, notes = decode_bytes(page, "utf-8")
    assert "Le café de la gare a rouvert à Paris, après des années" in text
    assert notes == ["not UTF-8 and its charset (utf-8) does not read it: read as Windows-1252 (a guess)"]
