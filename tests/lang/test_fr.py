"""French figures and quotes read as English ones are: what a French amount measures (turnout, arrests, loans,
investment, an order), compared with an English outlet's figure of the same thing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from _articles import build
from newsloom.facts.claims import measures
from newsloom.facts.compare import compare_story
from newsloom.model import RawItem


def _claims(text: str) -> dict[str, str]:
    article = build(text, item=RawItem("fr", "Dépêche", text))
    assert article.language == "fr"
    return {c.slot: c.value for c in measures.extract(article)}


@pytest.mark.parametrize(("text", "slot", "value"), [
    ("Les électeurs ont voté dimanche. La participation s'est élevée à 58,3 %, selon la commission.",
     "amount:turnout", "58.3 %"),
    ("Les électeurs ont voté dimanche. Le taux de participation atteint 58,3 %, en hausse.",
     "amount:turnout", "58.3 %"),
    ("Dimanche soir, la police a interpellé 27 manifestants devant le parlement de la capitale.",
     "amount:arrested", "27 people"),
    ("Dans la nuit de dimanche à lundi, 27 manifestants ont été interpellés devant le parlement.",
     "amount:arrested", "27 people"),
    ("Le Canada s'est engagé à accorder 240 millions d'euros de prêts concessionnels pour des projets de "
     "transport.", "amount:loan", "2.4e+08 EUR"),
    ("Les entreprises japonaises se sont engagées à investir 3,6 milliards de dollars au cours des trois "
     "prochaines années.", "amount:investment", "3.6e+09 USD"),
    ("Le ministre a signé quatre accords, dont une commande de 12 avions pour 0,9 milliard d'euros.",
     "amount:deal", "9e+08 EUR"),
])
def test_a_french_amount_says_what_it_measures(text, slot, value):
    assert _claims(text)[slot] == value


def test_a_stake_in_a_company_is_no_turnout():
    """"une participation de 20 %" is a share of a company's capital."""
    assert "amount:turnout" not in _claims("Le groupe a pris une participation de 20 % dans la société minière.")


def _compared(*texts: str) -> list[tuple[str, str, list[str]]]:
    """(slot, status, values) of the amount findings of a story, one outlet per text."""
    articles = []
    for i, text in enumerate(texts):
        a = build(text, item=RawItem(f"t{i}", f"Report {i}", text, source=f"outlet{i}"))
        articles.append(replace(a, claims=measures.extract(a), seq=i))
    return [(f.slot, f.status, [p.value for p in f.positions]) for f in compare_story(articles).findings
            if f.kind == "amount"]


ARRESTS_EN = "Police said 27 protesters were detained on Sunday night outside the parliament."
LOANS_EN = "Canada pledged 240 million euros in concessional loans for transport projects, officials said."
INVESTMENT_EN = "Japanese companies pledged $3.6 billion in investment over the next three years, officials said."
ORDER_EN = "The national airline signed a €0.9 billion order for 12 aircraft on Tuesday."


@pytest.mark.parametrize(("french", "english", "expected"), [
    ("Dimanche soir, la police a interpellé 27 manifestants devant le parlement.", ARRESTS_EN,
     ("amount:arrested", "agreed", ["27 people"])),
    ("Dimanche soir, la police a interpellé 72 manifestants devant le parlement.", ARRESTS_EN,
     ("amount:arrested", "conflict", ["72 people", "27 people"])),
    ("Le Canada s'est engagé à accorder 240 millions d'euros de prêts concessionnels pour des projets de "
     "transport.", LOANS_EN, ("amount:loan", "agreed", ["2.4e+08 EUR"])),
    ("Les entreprises japonaises se sont engagées à investir 3,6 milliards de dollars au cours des trois "
     "prochaines années.", INVESTMENT_EN, ("amount:investment", "agreed", ["3.6e+09 USD"])),
    ("Les entreprises japonaises se sont engagées à investir 6,3 milliards de dollars au cours des trois "
     "prochaines années.", INVESTMENT_EN, ("amount:investment", "conflict", ["6.3e+09 USD", "3.6e+09 USD"])),
    ("La compagnie nationale a signé mardi une commande de 12 avions pour 0,9 milliard d'euros.", ORDER_EN,
     ("amount:deal", "agreed", ["9e+08 EUR"])),
    ("La compagnie nationale a signé mardi une commande de 12 avions pour 1,9 milliard d'euros.", ORDER_EN,
     ("amount:deal", "conflict", ["1.9e+09 EUR", "9e+08 EUR"])),
])
def test_a_french_and_an_english_figure_agree_or_conflict(french, english, expected):
    assert _compared(french, english) == [expected]


def test_a_loan_is_compared_but_never_contradicted():
    """Loans are shown side by side (a story's loans are often several: each lender's, each project's)."""
    assert _compared("Le Canada s'est engagé à accorder 420 millions d'euros de prêts concessionnels pour des "
                     "projets de transport.", LOANS_EN)[0][:2] == ("amount:loan", "unclear")


def test_in_order_to_is_no_order():
    """"in order to" and "on the order of" (about) say no order's value."""
    text = "The group borrowed $2 billion in order to build the plant, on the order of $3 billion in all."
    article = build(text, item=RawItem("en", "Report", text))
    assert "amount:deal" not in {c.slot for c in measures.extract(article)}


PARTNER = "« Le Laos est un partenaire essentiel pour le Japon en Asie du Sud-Est »"


@pytest.mark.parametrize("attribution", [
    "a affirmé le ministre laotien des Affaires étrangères Bounmy Phommachanh devant la presse",
    "a déclaré le ministre des Affaires étrangères, Bounmy Phommachanh",
    # a title of two fields (tester41: no one spoke)
    "a déclaré le vice-ministre de l'Agriculture et de l'Environnement, Bounmy Phommachanh",
    "a déclaré le ministre de l'Agriculture et du Développement rural Bounmy Phommachanh",
])
def test_a_speaker_named_after_a_title_and_its_field_speaks(attribution):
    """tester40: the field of the title ("Affaires"), which the English model took for a person, spoke."""
    text = f"Le Premier ministre japonais est arrivé lundi à Vientiane. {PARTNER}, {attribution}."
    assert [q.speaker for q in build(text, item=RawItem("fr", "Visite", text)).quotes] == ["Bounmy Phommachanh"]


def test_a_title_without_a_name_after_its_field_names_no_one():
    text = ("Jean Dupont a visité la caserne lundi. « Nous resterons vigilants face aux menaces », a déclaré le "
            "ministre de l'Intérieur devant les députés.")
    assert [q.speaker for q in build(text, item=RawItem("fr", "Visite", text)).quotes] == [None]
    text = ("Jean Dupont a visité la digue lundi. « Nous resterons vigilants face à la crue du fleuve », a déclaré le "
            "ministre de l'Agriculture et de l'Environnement.")
    assert [q.speaker for q in build(text, item=RawItem("fr", "Visite", text)).quotes] == [None]


def test_french_words_credited_to_two_people_conflict():
    """tester40 Q2: one outlet credits the words to the visiting prime minister, the other to the host's minister."""
    texts = (f"Le Premier ministre japonais est arrivé lundi à Vientiane. {PARTNER}, a déclaré Takeda Haruki lors "
             "du dîner officiel.",
             f"La visite s'est ouverte lundi à Vientiane. {PARTNER}, a affirmé le ministre laotien des Affaires "
             "étrangères Khamphou Sisavath devant la presse.")
    articles = []
    for i, text in enumerate(texts):
        articles.append(replace(build(text, item=RawItem(f"t{i}", f"Visite {i}", text, source=f"outlet{i}")), seq=i))
    found = [(f.status, [p.label for p in f.positions]) for f in compare_story(articles).findings
             if f.kind == "attribution"]
    assert found == [("conflict", ["Takeda Haruki", "Khamphou Sisavath"])]


@pytest.mark.parametrize(("text", "slots"), [
    ("Les deux pays ont signé quinze accords de coopération dans le commerce et l'énergie, selon la présidence.",
     {"amount:agreements": "15 agreements"}),
    ("Le président a remplacé cinq ministres lundi, dans le premier grand remaniement de son mandat.",
     {"amount:ministers": "5 ministers"}),
])
def test_french_number_words_count(text, slots):
    """tester40: "quinze accords", "cinq ministres" were no amounts (French number words were read nowhere)."""
    assert _claims(text) == slots
