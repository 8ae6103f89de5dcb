"""Given names that are the same name in another language or romanisation.

Each group is one name as Russian, Belarusian, Ukrainian, English, German,
French and Polish documents write it.  Spellings that differ only by
romanisation scheme need not be listed (``phonetic.key`` already folds them);
what is listed here differs by language (Aleksandr, Aliaksandr, Oleksandr,
Alexander).  Reviewed by hand; add a group rather than loosen the matcher.
"""

from __future__ import annotations

from functools import lru_cache

from zaslon.core.text.phonetic import key

GROUPS: tuple[tuple[str, ...], ...] = (
    ("aleksandr", "alexander", "alexandr", "aliaksandr", "alyaksandr", "alaksandr", "oleksandr",
     "olexandr", "alexandre", "aleksander", "aleksandar", "alessandro", "alejandro", "sasha"),
    ("aleksandra", "alexandra", "aliaksandra", "alyaksandra", "oleksandra", "olexandra"),
    ("aleksey", "alexey", "alexei", "aleksei", "alyaksey", "aliaksei", "aliaksiej", "oleksiy",
     "oleksii", "olexiy", "alexej", "alexis", "aleksiej"),
    ("anatoliy", "anatoly", "anatoli", "anatol", "anatolii", "anatole"),
    ("andrey", "andrei", "andrej", "andrii", "andriy", "andrew", "andrzej", "andre", "andreas",
     "andrei", "andrus", "andrij"),
    ("anna", "hanna", "ganna", "ana", "anne"),
    ("boris", "barys", "borys"),
    ("dmitriy", "dmitry", "dmitri", "dzmitry", "dzmitriy", "dmytro", "dimitri", "dimitry",
     "dmitrij", "dymitr", "dzmitryi"),
    ("denis", "dzianis", "dzyanis", "denys", "denys"),
    ("evgeniy", "yevgeniy", "evgeny", "eugene", "yauhen", "yauheni", "yevhen", "ievgen", "yevhenii",
     "jewgeni", "eugeniusz", "evgueni", "yauhien", "jauhien", "jauhen"),
    ("evgeniya", "yevgeniya", "eugenia", "yauheniya", "yevheniya", "evgenia"),
    ("fedor", "fyodor", "fiodor", "fedir", "fiodar", "fyodar", "theodor", "feodor", "fjodor"),
    ("georgiy", "georgy", "george", "georgii", "heorhiy", "heorhi", "georg", "jerzy"),
    ("yuriy", "yuri", "yury", "jurij", "yurii", "iouri", "youri", "juri", "yuras", "jury", "jurij"),
    ("gennadiy", "gennady", "genadz", "hienadz", "hennadiy", "gennadi", "hennadii", "henadz"),
    ("grigoriy", "grigory", "grigori", "hryhoriy", "hryhorii", "ryhor", "rygor", "gregory",
     "grzegorz", "gregor", "grigore", "hrihoriy"),
    ("igor", "ihar", "ihor"),
    ("ilya", "ilia", "illia", "illya", "ilja", "ilia", "elias"),
    ("ivan", "iwan", "ioann"),
    ("konstantin", "kanstantsin", "kostiantyn", "kostyantyn", "constantin", "konstanty",
     "constantine", "kanstancin"),
    ("leonid", "leanid"),
    ("mikhail", "mikhael", "michael", "mikhail", "mikhas", "mikhailo", "mykhailo", "mykhaylo",
     "michail", "michal", "mihail", "misha", "mixail"),
    ("nikolay", "nikolai", "mikalai", "mikalay", "mykola", "nicholas", "nicolas", "nikolaus",
     "mikolaj", "nicolai", "nikola"),
    ("natalya", "natalia", "nataliya", "natallia", "natalla", "natalie", "nathalie"),
    ("oleg", "aleh", "oleh", "alieh"),
    ("olga", "volha", "olha", "wolha", "olgha"),
    ("pavel", "paval", "pavlo", "pawel", "pavle"),
    ("petr", "pyotr", "piotr", "petro", "piatro", "pietr", "pjotr", "petar"),
    ("roman", "raman"),
    ("sergey", "sergei", "siarhei", "siarhey", "serhiy", "serhii", "sergiy", "serge", "sergej",
     "sergiusz", "sarhei"),
    ("stanislav", "stanislau", "stanislaw", "stanislas"),
    ("svetlana", "sviatlana", "svitlana", "swetlana"),
    ("tatyana", "tatiana", "tatsiana", "tetiana", "tetyana", "tatjana"),
    ("valentin", "valiantsin", "valentyn", "walentin"),
    ("valeriy", "valery", "valeri", "valer", "valerii", "walerij", "valere"),
    ("vasiliy", "vasily", "vasili", "vasil", "vasyl", "wassili", "vasilii", "basil"),
    ("viktor", "victor", "wiktor"),
    ("vitaliy", "vitaly", "vitali", "vital", "vitalii", "witalij", "vitaliy"),
    ("vladimir", "uladzimir", "uladzimier", "volodymyr", "wladimir", "wlodzimierz", "vladimer",
     "vladymyr"),
    ("vladislav", "uladzislau", "vladyslav", "wladyslaw", "wladislaw"),
    ("vyacheslav", "viachaslau", "viacheslav", "vyacheslau", "wjatscheslaw", "wieslaw"),
    ("yaroslav", "iaroslav", "jaroslav", "jaroslaw", "yaraslau"),
    ("yelena", "elena", "alena", "olena", "jelena", "yalena", "helena"),
    ("yekaterina", "ekaterina", "katsiaryna", "kateryna", "catherine", "katarzyna", "katharina",
     "katerina", "katsyaryna"),
    ("maria", "mariya", "maryia", "mariia", "marya", "marija"),
    ("yuliya", "yulia", "julia", "yuliia", "juliya", "iuliia"),
    ("zinaida", "zinaida"),
    ("arkadiy", "arkady", "arkadz", "arkadii"),
    ("kirill", "kiryl", "kyrylo", "cyrille"),
    ("maksim", "maxim", "maksym", "maxime", "maximilian"),
    ("nikita", "mikita", "mykyta"),
    ("semyon", "semen", "siamion", "semion"),
    ("stepan", "stsiapan", "stefan", "stephan"),
    ("timofey", "tsimafei", "tymofiy"),
    ("yakov", "yakau", "yakiv", "iakov", "jakow"),
    ("yegor", "egor", "yahor", "iehor"),
    ("lev", "leo", "leu"),
    ("matvey", "matvei", "matsvei"),
    ("osip", "iosif", "yosyp", "josif"),
    ("mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mehmet", "mokhammed",
     "magomed", "mukhammad", "muhamed"),
    ("ahmed", "ahmad", "akhmed", "ahmet", "akhmad"),
    ("hussein", "husayn", "husain", "hussain", "hossein", "huseyn", "gusein", "husein"),
    ("hassan", "hasan", "khasan", "hasaan", "gasan"),
    ("abdullah", "abdallah", "abdulla", "abdollah"),
    ("yusuf", "youssef", "yousef", "yusif", "yousuf", "joseph"),
    ("ibrahim", "ebrahim", "ibragim"),
    ("ali", "aly"),
    ("omar", "umar", "omer"),
    ("khalid", "khaled", "halid"),
    ("ramzan", "ramadan", "ramazan"),
)  # fmt: skip


@lru_cache(maxsize=1)
def group_index() -> dict[str, int]:
    """Phonetic key of every listed spelling -> its group number."""
    index: dict[str, int] = {}
    for number, group in enumerate(GROUPS):
        for spelling in group:
            if spelling.isascii():
                index.setdefault(key(spelling), number)
    return index


def group_of(token_key: str) -> int | None:
    """The group of a phonetic key, if it is a known given name."""
    return group_index().get(token_key)


def canonical(group: int) -> str:
    return GROUPS[group][0]
