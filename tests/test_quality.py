"""Quality flags and the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.errors import InputError
from digest.model import Translation
from digest.text.arabic import normalize, terms_found
from digest.text.ids import text_hash
from digest.translation.glossary import (
    Term,
    force_terms,
    has_english_form,
    parse_glossary,
    terms_in,
)
from digest.translation.quality import (
    QualitySettings,
    arabic_script,
    copied,
    flags_for,
    length_ratio,
    low_score,
    names,
    repetition,
)

ARABIC = "وقال رئيس حكومة الوفاق فايز السراج إن المحادثات في موسكو كانت إيجابية."
GLOSSARY = [
    Term("حكومة الوفاق", "Government of National Accord"),
    Term("موسكو", "Moscow"),
    Term("الإليزيه", "Élysée", force=True),
]
SETTINGS = QualitySettings(glossary=GLOSSARY)
GOOD = (
    "The head of the Government of National Accord, Fayez al-Sarraj, "
    "said the talks in Moscow were positive."
)


def machine(text: str, score: float = -0.4) -> Translation:
    return Translation(text, "machine", text_hash(ARABIC), "test", "test 1", score)


def test_a_good_translation_has_no_flags() -> None:
    assert flags_for(ARABIC, machine(GOOD), SETTINGS) == []


@pytest.mark.parametrize(
    ("check", "english", "score", "code"),
    [
        (arabic_script, GOOD + " السراج", -0.4, "arabic-script"),
        (copied, ARABIC, -0.4, "copy"),
        (length_ratio, "Talks.", -0.4, "length"),
        (length_ratio, GOOD * 4, -0.4, "length"),
        (repetition, "The talks talks talks talks were positive.", -0.4, "repetition"),
        (repetition, "LibyLibyLibyLiby", -0.4, "repetition"),
        (low_score, GOOD, -2.7, "score"),
        (names, GOOD.replace("Government of National Accord", "Accord government"), -0.4, "name"),
    ],
)
def test_each_check_flags_its_problem(check, english: str, score: float, code: str) -> None:  # type: ignore[no-untyped-def]
    flag = check(ARABIC, machine(english, score), SETTINGS)
    assert flag is not None and flag.code == code
    assert check(ARABIC, machine(GOOD), SETTINGS) is None


def test_name_flag_names_the_missing_term() -> None:
    flags = flags_for(
        ARABIC, machine("The head of the government said talks in Moscow went well."), SETTINGS
    )
    assert [str(f) for f in flags] == ["name: missing Government of National Accord"]


def test_numbers_and_ellipses_are_not_loops() -> None:
    assert repetition(ARABIC, machine("It cost 1,000,000,000 dollars..."), SETTINGS) is None


def test_normalisation_folds_spelling_variants() -> None:
    assert normalize("إِنَّ الأُمَّةَ") == normalize("ان الامه")
    assert normalize("ﻻ") == "لا"  # presentation form


@pytest.mark.parametrize(
    ("text", "term", "found"),
    [
        ("وبفرنسا", "فرنسا", True),
        ("للإليزيه", "الإليزيه", True),
        ("بحكومةِ الوفاق", "حكومة الوفاق", True),
        ("الفرنسية", "فرنسا", False),
        ("إليزيه", "الإليزيه", False),
    ],
)
def test_terms_match_whole_words_with_clitics(text: str, term: str, found: bool) -> None:
    assert bool(terms_found(text, [term])) is found


def test_forced_term_is_put_into_the_source_in_english() -> None:
    assert force_terms("قال (الإليزيه) وللإليزيه", GLOSSARY) == "قال (Élysée) ول Élysée"
    assert force_terms(ARABIC, GLOSSARY) == ARABIC
    assert [t.en for t in terms_in(ARABIC, GLOSSARY)] == ["Government of National Accord", "Moscow"]


def test_english_form_ignores_case_and_accents() -> None:
    assert has_english_form("the elysee said", GLOSSARY[2])


def test_glossary_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    with pytest.raises(InputError) as caught:
        parse_glossary(path, "- ar: حفتر\n  en: Haftar\n- ar: السراج\n")
    assert caught.value.problem.line == 3


def test_repository_glossary_is_valid() -> None:
    from support import ROOT

    terms = parse_glossary(
        ROOT / "glossary.yml", (ROOT / "glossary.yml").read_text(encoding="utf-8")
    )
    assert len(terms) >= 10


def test_registered_actors_missing_from_the_english_are_name_flags() -> None:
    from support import ROOT

    from digest.actors.registry import load_registry
    from digest.model import Article
    from digest.pipeline import (
        align_mentions,
        assign_slugs,
        find_mentions,
        flag_quality,
        load_actors,
        run,
        segment,
    )
    from digest.pipeline.state import BuildState

    article = Article(
        "a", Path("a.txt"), "عنوان", ["وقال خليفة حفتر إن الجيش الوطني الليبي مستعد."]
    )
    state = BuildState([article], registry=load_registry(ROOT / "actors.yml"))
    run(state, [assign_slugs, segment])
    sentence = article.paragraphs[0].sentences[0]
    sentence.translation = machine("Haftar said the army was ready.")
    run(state, [load_actors, find_mentions, align_mentions, flag_quality])
    assert [str(f) for f in sentence.translation.flags] == ["name: missing Libyan National Army"]
