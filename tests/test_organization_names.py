"""The English names of discovered organizations: composed from their words, else a
romanization marked as such."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.actors.english import compose_english
from digest.build import prepare
from digest.project import Project

SPELLINGS = {"انبار": "Anbar", "سعود": "Saud", "عبدالعزيز": "Abdulaziz", "اسد": "Assad"}


def romanize(word: str) -> str:
    return SPELLINGS.get(word, "?")


def is_name(word: str) -> bool:
    return word in {"الاسد", "الانصاري"}


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("وزارة الخارجية المصرية", "Egyptian Ministry of Foreign Affairs"),
        ("وزارة الدفاع الروسية", "Russian Ministry of Defense"),
        ("وزارة الداخلية التركية", "Turkish Ministry of Interior"),
        ("وزارة العدل الأميركية", "US Ministry of Justice"),
        ("وزارة الشؤون الإسلامية السعودية", "Saudi Ministry of Islamic Affairs"),
        ("وزارة التجارة والصناعة المصرية", "Egyptian Ministry of Commerce and Industry"),
        ("وزارة الاقتصاد والمالية", "Ministry of Economy and Finance"),
        ("قوات الدعم السريع", "Rapid Support Forces"),
        ("قوات المعارضة السورية", "Syrian Opposition Forces"),
        ("قوات الأمن التشادية", "Chadian Security Forces"),  # a feminine demonym
        ("قوات الجيش والأمن التونسيين", "Tunisian Army and Security Forces"),  # a plural one
        ("القوات الهندية والباكستانية", "Indian and Pakistani Forces"),
        ("القوات المسلحة المصرية", "Egyptian Armed Forces"),
        ("القوات البرية والجوية", "Land and Air Forces"),
        ("قوات حرس الحدود", "Border Guard Forces"),
        ("قوات الأسد", "Assad Forces"),  # a name the romanizer's dictionary attests
        ("حزب العدالة والتنمية", "Justice and Development Party"),
        ('حزب "العدالة والتنمية', "Justice and Development Party"),  # a quotation mark
        ("حزب العمال البريطاني", "British Labour Party"),
        ("الحزب الديمقراطي الكردستاني", "Kurdistan Democratic Party"),
        ("الهيئة العليا المستقلة للانتخابات", "Independent High Authority for Elections"),
        (
            "الهيئة العامة للسياحة والتراث الوطني",
            "General Authority for Tourism and National Heritage",
        ),
        ("المجلس الأعلى للأمن القومي الإيراني", "Iranian Supreme Council for National Security"),
        ("مجلس الوزراء العراقي", "Iraqi Council of Ministers"),
        ("مجلس محافظة الأنبار", "Anbar Province Council"),
        ("جامعة الملك سعود", "King Saud University"),
        ("حركة المقاومة الإسلامية", "Islamic Resistance Movement"),
        ("حركة الجهاد الإسلامي الفلسطينية", "Palestinian Islamic Jihad Movement"),
        ("حركة الشباب الصومالية", "Somali Al-Shabaab"),
        ("الائتلاف الوطني السوري", "Syrian National Coalition"),
        ("التحالف النمساوي والروسي والفرنسي", "Austrian, Russian and French Coalition"),
        ("لجنة العلاقات الخارجية", "Foreign Relations Committee"),
        ("منظمة العفو الدولية", "Amnesty International"),
        ("هيئة الأركان العامة السعودية", "Saudi General Staff"),
        ("هيئة السوق المالية", "Capital Market Authority"),
        ("مجلس اللاجئين النرويجي", "Norwegian Refugees Council"),
        ("قوات الامن التونسية", "Tunisian Security Forces"),  # hamza and ta marbuta unwritten
    ],
)
def test_an_organization_name_is_composed_from_its_words(arabic: str, english: str) -> None:
    assert compose_english(arabic, romanize, is_name) == english


@pytest.mark.parametrize(
    "arabic",
    [
        "اللجنة المنظمة للسيرك العالمى",  # السيرك: a common word no list knows
        "وزارة الداخلية إلى",  # a function word is no name
        "قوات الأسد المتمركزة",  # only attested names stand right after the head
        "وزارة الدفاع والجيش الاسرائيلي",  # two organizations
        "الأنباء الكندية",  # no head noun
        "مجلس الأنبار",  # a name only after a noun that introduces one
    ],
)
def test_a_name_with_a_word_not_understood_is_not_composed(arabic: str) -> None:
    assert compose_english(arabic, romanize, is_name) is None


def test_a_discovered_organization_carries_its_composed_english(tmp_path: Path) -> None:
    (tmp_path / "actors.yml").write_text("actors: []\n", encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "ministry.txt").write_text(
        "بيان عسكري\n\nوقالت وزارة الدفاع الروسية في بيان إن الطائرات عادت إلى قواعدها. "
        "وأعلنت اللجنة المنظمة للسيرك العالمى موعد الحفل. "
        "وقالت اللجنة المنظمة للسيرك العالمى إن التذاكر نفدت.\n",
        encoding="utf-8",
    )
    state = prepare(Project.from_section(tmp_path, {}), None, save=False).state
    found = {c.ar: (actor_id, c.en, c.en_source) for actor_id, c in state.candidates.values()}
    actor_id, english, source = found["وزارة الدفاع الروسية"]
    assert (english, source) == ("Russian Ministry of Defense", "composed")
    assert "composed" in state.actors[actor_id].description
    mentions = [m.actor for s in state.articles[0].sentences for m in s.mentions]
    assert actor_id in mentions
    # (Not composed, it is an actor only because two sentences introduce it.)
    circus_id, _, source = found["اللجنة المنظمة للسيرك العالمى"]
    assert source == "transliteration"
    assert "romanized letter by letter" in state.actors[circus_id].description
