"""Articles in languages other than English and Vietnamese (French, German, Spanish, Italian), read with the
English model and each language's own lists (lang/fr/, lang/de/ ...; Indonesian in tests/lang/test_id.py):
names without the language's function words and places in their own spellings, quotes by their speech
verbs, tolls and money with the language's number style, and a toll two of them give differently reported
as a conflict (a new user's multilingual desk, 2026-12-06)."""

from __future__ import annotations

import json

import pytest

from _articles import build
from newsloom.digest import Digest
from newsloom.entities import EntityLinker
from newsloom.ingest import read_sources
from newsloom.pipeline import Pipeline
from newsloom.store import SQLiteStore


def _mentions(text: str, title: str = "Notizie") -> dict[str, str | None]:
    article = build(text, title, linker=EntityLinker())
    return {m.text: m.entity for m in article.mentions if m.field == "text"}


def test_names_lose_the_function_words_and_places_keep_their_own_spellings():
    found = _mentions("Il ministro Antonio Tajani ha parlato a Parigi e a Varsavia. Il fabbisogno dell'Ucraina è "
                      "cresciuto, mentre l'Unione europea resta divisa. La procura di Roma indaga.")
    assert found.get("Parigi") == "LOC:paris" and found.get("Varsavia") == "LOC:warsaw"
    assert found.get("Ucraina") == "LOC:ukraine" and found.get("Unione europea") == "ORG:european union"
    assert found.get("Antonio Tajani") == "PERSON:antonio tajani"
    assert not {"Il", "La procura di", "dell'Ucraina", "Unione"} & set(found)
    german = _mentions("Die Konferenz in Warschau begann am Dienstag. Deutschland und Frankreich sagten Hilfe zu, "
                       "und die Menschen in der Ukraine warten, sagte Bundeskanzler Friedrich Merz.", "Nachrichten")
    assert {german.get(n) for n in ("Warschau", "Deutschland", "Frankreich", "Ukraine")} == {
        "LOC:warsaw", "LOC:germany", "LOC:france", "LOC:ukraine"}
    assert "Menschen" not in german and "Dienstag" not in german  # nouns are capitalised in German
    assert german.get("Friedrich Merz") == "PERSON:friedrich merz"  # not "Bundeskanzler Friedrich Merz"


def test_a_capitalised_word_is_not_an_organisation_written_in_capitals():
    """"Un" first in a Spanish or French sentence was the UN; "UN", "ONU" still are."""
    found = _mentions("Un edificio se derrumbó en Madrid el martes. La ONU envió ayuda. Un portavoz habló.", "Noticias")
    assert found.get("ONU") == "ORG:united nations" and "Un" not in found
    english = build("The UN and WHO said on Monday that experts had arrived.", "News", linker=EntityLinker())
    assert {m.text: m.entity for m in english.mentions} == {"UN": "ORG:united nations",
                                                             "WHO": "ORG:world health organization"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Les fissures étaient apparues au printemps. « On avait prévenu le syndic en avril, personne n'est venu », "
     "affirme Sophie Marchand, qui habite en face.", "Sophie Marchand"),
    ("Die Hilfe soll vor allem in das Stromnetz fließen. „Der Winter steht vor der Tür, und jedes Umspannwerk "
     "zählt“, sagte Johann Wadephul am Rande der Konferenz.", "Johann Wadephul"),
    ("Il ministro Antonio Tajani ha detto: «L'Italia c'è e ci sarà anche nella ricostruzione del paese».",
     "Antonio Tajani"),
    ("Según el alcalde Juan Pérez, «la situación está bajo control y las escuelas abrirán el lunes».", "Juan Pérez"),
])
def test_quotes_are_credited_by_the_languages_speech_verbs(text, speaker):
    assert [q.speaker for q in build(text, "Nouvelles", linker=EntityLinker()).quotes] == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Le ministre Bruno Le Maire s'est rendu lundi à Lyon pour visiter l'usine. « Nous allons investir deux "
     "milliards d'euros dans cette région », a-t-il déclaré devant les ouvriers.", "Bruno Le Maire"),
    ("Le ministre Bruno Le Maire s'est rendu lundi sur le chantier. « C'est un jour historique pour la ville », "
     "dit-il aux journalistes réunis sur place.", "Bruno Le Maire"),
    ("Bundeskanzler Friedrich Merz besuchte am Montag das Werk. „Wir werden hier zwei Milliarden Euro "
     "investieren“, sagte er vor den Arbeitern.", "Friedrich Merz"),
    ("El presidente Pedro Sánchez visitó el lunes la fábrica. «Vamos a invertir dos mil millones de euros en "
     "esta región», dijo ante los trabajadores reunidos.", "Pedro Sánchez"),
    ("Il ministro Antonio Tajani è arrivato lunedì a Kiev. «L'Italia c'è e ci sarà anche nella fase della "
     "ricostruzione», ha detto ai giornalisti.", "Antonio Tajani"),
    ("El presidente Pedro Sánchez visitó el lunes la fábrica. «Vamos a invertir dos mil millones de euros en "
     "esta región», dijo.", "Pedro Sánchez"),
    # a one-word "person" of the English model is often a place in these languages: no speaker
    ("Le ministre s'est rendu lundi à Lyon pour visiter l'usine. « Nous allons investir deux milliards d'euros "
     "dans cette région », a-t-il déclaré.", None),
    # a subject after the verb is someone else, even unnamed
    ("Il ministro Antonio Tajani è arrivato lunedì a Kiev. «La macchina dei soccorsi si è attivata, oltre 600 "
     "uomini sono al lavoro», ha dichiarato il capo della Protezione civile.", None),
], ids=["fr a-t-il", "fr dit-il", "de sagte er", "es dijo", "it ha detto", "es dijo.", "fr a place",
        "it someone else"])
def test_a_quote_spoken_by_a_pronoun_or_no_subject_is_the_person_named_before(text, speaker):
    """"a-t-il déclaré", "sagte er", and in Spanish and Italian a speech verb with no subject ("dijo ante los
    trabajadores") credit the person named before; each language's pronouns are read only in its articles."""
    assert [q.speaker for q in build(text, "Nouvelles", linker=EntityLinker()).quotes] == [speaker]


@pytest.mark.parametrize(("text", "expected"), [
    ("L'effondrement a fait 12 morts et 30 blessés. La conférence a promis 4,2 milliards d'euros.",
     {"amount:deaths": "12 people", "amount:injured": "30 people"}),
    ("Beim Einsturz gab es 12 Tote und 30 Verletzte. 150.000 Menschen wurden evakuiert.",
     {"amount:deaths": "12 people", "amount:injured": "30 people", "amount:displaced": "150000 people"}),
    ("El terremoto dejó tres muertos y 73 heridos. Unas 150.000 personas fueron evacuadas.",
     {"amount:injured": "73 people", "amount:displaced": "150000 people"}),
], ids=["fr", "de", "es"])
def test_tolls_are_read_in_the_languages_number_style(text, expected):
    article = build(text, "Nouvelles", linker=EntityLinker())
    assert {c.slot: c.value for c in article.claims if c.kind == "amount"} == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("El Gobierno prometió 2.000 millones de euros para la reconstrucción de la región.", ("2.000 millones de euros", 2e9)),
    ("La conférence a promis 4,2 milliards d'euros pour la reconstruction du pays.", ("4,2 milliards d'euros", 4.2e9)),
    ("Il governo ha promesso 2,4 miliardi di euro per la ricostruzione del paese.", ("2,4 miliardi di euro", 2.4e9)),
], ids=["es", "fr", "it"])
def test_money_is_read_with_the_languages_scale_words(text, expected):
    """Each language's scale words in its own articles (lang/es/, lang/fr/, lang/it/amount_scales.tsv)."""
    values = {a.text: a.value for a in build(text, "Noticias", linker=EntityLinker()).amounts}
    assert values == dict([expected])


QUAKE = [  # one earthquake, told by a Spanish, an Italian and an English outlet; the Spanish one says 73 injured
    {"title": "Un terremoto de magnitud 5,8 sacude Calabria: tres muertos y 73 heridos", "source": "El Heraldo",
     "published": "2026-09-22T09:00:00+02:00",
     "text": "Un terremoto de magnitud 5,8 sacudió la madrugada del martes la región de Calabria, en el sur de "
             "Italia, y dejó tres muertos y 73 heridos, según la Protección Civil italiana. El epicentro se "
             "localizó cerca de Cosenza, a 10 kilómetros de profundidad. Unas 1.200 personas pasaron la noche en "
             "tiendas de campaña."},
    {"title": "Terremoto in Calabria, scossa di magnitudo 5.8 nel Cosentino: tre morti e 37 feriti",
     "source": "Notizie Sud", "published": "2026-09-22T08:30:00+02:00",
     "text": "Una scossa di terremoto di magnitudo 5.8 ha colpito la Calabria nella notte di martedì. Il bilancio "
             "della Protezione civile è di tre morti e 37 feriti. L'epicentro è stato localizzato vicino a "
             "Cosenza, a 10 chilometri di profondità. Circa 1.200 persone hanno dormito nelle tende."},
    {"title": "Magnitude 5.8 earthquake kills three in southern Italy", "source": "Globe Wire",
     "published": "2026-09-22T07:55:00+00:00",
     "text": "A magnitude 5.8 earthquake struck the southern Italian region of Calabria early on Tuesday, killing "
             "3 people and injuring 37, Italy's Civil Protection Department said. The epicentre was near "
             "Cosenza at a depth of 10 kilometres. About 1,200 people spent the night in tents."},
]


def test_a_toll_two_languages_give_differently_is_a_conflict(tmp_path, embedder):
    corpus = tmp_path / "quake.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in QUAKE), encoding="utf-8")
    store = SQLiteStore(tmp_path / "q.db")
    Pipeline(store, embedder).run(read_sources([str(corpus)]))
    [story] = store.stories()
    digest = Digest.from_dict(store.digest(story.id))
    store.close()
    [injured] = [f for f in digest.compared.findings if f.slot == "amount:injured"]
    assert injured.status == "conflict"
    assert {p.value: {e.lang for e in p.evidence} for p in injured.positions} == {
        "37 people": {"it", "en"}, "73 people": {"es"}}

