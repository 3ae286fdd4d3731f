"""Indonesian, a language added as a folder (lang/id/): its speech verbs, scale words, number words, counted
nouns, currencies, pronouns and titles are read in an Indonesian article, and in no other."""

from __future__ import annotations

import pytest

from _articles import build
from newsloom.entities import EntityLinker
from newsloom.model import Article
from newsloom.text.language import detect_language

# a flash flood, as an Indonesian outlet would write it (90 words)
FLOOD = ("Banjir bandang melanda tiga kecamatan di Kabupaten Sukabumi, Jawa Barat, pada Selasa malam setelah hujan "
         "deras turun selama enam jam. Badan Penanggulangan Bencana Daerah mencatat lima orang meninggal dunia dan "
         "2.300 warga mengungsi ke balai desa serta masjid terdekat. Pemerintah provinsi menyiapkan dana darurat "
         "Rp 4,5 miliar untuk membangun kembali jembatan yang putus dan membantu keluarga korban. \"Kami sudah "
         "mengirim perahu karet dan tenaga medis ke lokasi sejak pagi,\" kata Dedi Supriatna, Kepala BPBD "
         "Sukabumi. Ia meminta warga di bantaran sungai tetap waspada karena hujan diperkirakan berlanjut hingga "
         "akhir pekan.")


def _read(text: str, title: str = "Berita") -> Article:
    return build(text, title, linker=EntityLinker())


def test_the_language_detector_says_indonesian():
    code, _ = detect_language(FLOOD)
    assert code == "id"
    assert _read(FLOOD).lang == "id"


def test_an_indonesian_articles_quote_and_amounts_are_read():
    article = _read(FLOOD, "Banjir bandang di Sukabumi")
    assert {a.text: (a.value, a.unit) for a in article.amounts} == {
        "lima orang": (5.0, "orang"), "2.300 warga": (2300.0, "warga"), "Rp 4,5 miliar": (4.5e9, "IDR")}
    claims = {c.slot: c.value for c in article.claims if c.kind == "amount"}
    assert claims["amount:deaths"] == "5 people" and claims["amount:displaced"] == "2300 residents"
    assert [q.speaker for q in article.quotes] == ["Dedi Supriatna"]


def test_indonesian_money_tolls_rates_and_quotes():
    """The contributor's article of 2026-12-06 (then read from shared lists): a toll, money written with the
    currency first, a rate in "persen" and a quote by "kata"."""
    text = ("Banjir bandang di Kabupaten Garut menewaskan 12 orang tewas dan 1.200 warga mengungsi. Pemerintah "
            "menyiapkan dana siap pakai Rp 5 miliar. Nilai investasi pabrik baterai mencapai USD 2,3 miliar. "
            "Bank Indonesia mempertahankan suku bunga acuan di level 4,75 persen. \"Kami akan membantu semua "
            "korban,\" kata Asep Kurniawan, Bupati Garut. Rapat digelar pada Senin.")
    article = _read(text, "Banjir Garut")
    assert {"12 orang": 12.0, "1.200 warga": 1200.0, "Rp 5 miliar": 5e9, "USD 2,3 miliar": 2.3e9,
            "4,75 persen": 4.75}.items() <= {a.text: a.value for a in article.amounts}.items()
    claims = {c.slot: c.value for c in article.claims if c.kind == "amount"}
    assert {k: claims.get(k) for k in ("amount:deaths", "amount:displaced", "amount:aid", "amount:investment")} == {
        "amount:deaths": "12 people", "amount:displaced": "1200 residents", "amount:aid": "5e+09 IDR",
        "amount:investment": "2.3e+09 USD"}
    assert [q.speaker for q in article.quotes] == ["Asep Kurniawan"]
    assert "Senin" not in {m.text for m in article.mentions}  # a weekday, not a name


@pytest.mark.parametrize("text", [
    ("Le ministre indonésien des Travaux publics s'est rendu mardi à Sukabumi, dans l'ouest de Java, où des crues "
     "subites ont détruit un pont et plusieurs maisons. « Le pont sera reconstruit avant la saison des pluies », "
     "kata Dedi Supriatna devant les habitants réunis sur la place du village."),
    ("Flash floods destroyed a bridge and dozens of houses in Sukabumi, West Java, on Tuesday night. “The bridge "
     "will be rebuilt before the rainy season,” kata Dedi Supriatna, a local official."),
], ids=["fr", "en"])
def test_kata_is_no_speech_verb_outside_indonesian(text):
    """"kata" (said) credits the name after it in Indonesian only: a French or English article's quote before it
    has no speaker (with the shared lists of before, both were Dedi Supriatna's)."""
    article = _read(text)
    assert article.lang != "id"
    assert [q.speaker for q in article.quotes] == [None]


@pytest.mark.parametrize("text", [
    "Lima residents lined the streets on Sunday to watch the procession as the city closed its historic centre "
    "to traffic for the day.",
    "Lima habitantes de la capital peruana salieron a las calles el domingo para ver la procesión del Señor de "
    "los Milagros.",
], ids=["en", "es"])
def test_lima_is_no_number_outside_indonesian(text):
    """"lima" is five in Indonesian ("lima orang", above), the capital of Peru elsewhere."""
    assert not [a for a in _read(text, "Lima").amounts if a.value == 5]


def test_another_languages_scale_word_is_none_in_a_spanish_article():
    """French "milliards" is a scale word in French articles only; in Spanish text it measures nothing."""
    article = _read("El Gobierno francés prometió 4,2 milliards, según la prensa de París, y España 2.000 millones de "
                    "euros para la reconstrucción de la región.", "Noticias")
    assert article.lang == "es"
    assert {a.text: a.value for a in article.amounts} == {"2.000 millones de euros": 2e9}
