"""Long English articles for the tests of long texts: made-up paragraphs of news prose, built from the team's
own sentence patterns with a seeded random choice of names, places, figures and dates, so that a text of
any size reads like a (very long) real article: paragraphs, quotes, amounts, dates, meetings."""

from __future__ import annotations

import random

PEOPLE = ["Antony Blinken", "Mark Rutte", "Josep Borrell", "David Lammy", "Olaf Scholz", "Emmanuel Macron",
          "Giorgia Meloni", "Pedro Sanchez", "Ursula von der Leyen", "Jens Stoltenberg", "Rishi Sunak",
          "Justin Trudeau", "Anthony Albanese", "Fumio Kishida", "Narendra Modi", "Joko Widodo"]
ORGS = ["NATO", "the European Union", "the World Bank", "the International Monetary Fund", "Reuters",
        "the United Nations", "Toyota", "Samsung Electronics", "the World Health Organization", "Boeing",
        "Siemens", "the Asian Development Bank", "Unilever", "the Red Cross"]
PLACES = ["Brussels", "London", "Paris", "Berlin", "Madrid", "Rome", "Tokyo", "Jakarta", "Canberra",
          "Ottawa", "Washington", "New Delhi", "Singapore", "Manila", "Nairobi", "Lisbon", "Warsaw"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
PATTERNS = [
    "{p1} met {p2} in {place} on {month} {day} to discuss {topic}.",
    "Officials from {org} said the programme would cost about ${amount} million over {years} years.",
    "\"We are determined to see this through,\" {p1} told reporters in {place} on {weekday}.",
    "According to {org}, more than {count} people were affected across {place2} and nearby districts.",
    "The agreement, signed in {place} last {weekday}, commits {org} to a further ${amount} billion.",
    "{p2} said the talks with {org} had been \"constructive but difficult\".",
    "Analysts in {place2} expect the decision to be reviewed by {month} {year}.",
    "The delegation travelled on to {place2}, where {p1} is due to address {org} on {month} {day}.",
    "Local media reported that {count} families had been moved to temporary shelters near {place}.",
    "{org} has not commented on the figures, which were first published on {month} {day}, {year}.",
    "In a statement, {p2} called for calm and promised that {org} would publish a full account.",
    "The talks covered {topic}, energy prices and the {count} kilometres of new rail lines planned.",
]
TOPICS = ["trade", "defence spending", "climate finance", "food security", "migration", "shipping routes",
          "the reconstruction fund", "interest rates", "vaccine supplies", "port investment"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
LAST = ("The final session in Reykjavik was chaired by Katrin Jakobsdottir, who thanked the Nordic Council "
        "and the mayor of Akureyri for their work.")


def sentence(rng: random.Random) -> str:
    p1, p2 = rng.sample(PEOPLE, 2)
    place, place2 = rng.sample(PLACES, 2)
    text = rng.choice(PATTERNS).format(
        p1=p1, p2=p2, place=place, place2=place2, org=rng.choice(ORGS), month=rng.choice(MONTHS),
        day=rng.randint(1, 28), year=rng.randint(2019, 2025), topic=rng.choice(TOPICS),
        amount=rng.randint(2, 900), years=rng.randint(2, 12), count=f"{rng.randint(2, 95) * 100:,}",
        weekday=rng.choice(WEEKDAYS))
    return text[0].upper() + text[1:]


def long_article(size: int, seed: int = 20) -> str:
    """A title line and at least `size` characters of English paragraphs, the last one naming people and
    places found nowhere else (LAST), so that a test can tell whether the end of the text was read."""
    rng = random.Random(seed)
    paragraphs = ["Leaders meet in Brussels as talks on the reconstruction fund resume"]
    total = 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    paragraphs.append(LAST)
    return "\n\n".join(paragraphs) + "\n"
