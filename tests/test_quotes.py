"""Quotations: spans, quoted names, speakers, and the measured accuracy."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from quote_eval import load_cases, score
from support import FIXTURES, ROOT, SEED

from digest.actors.registry import load_registry
from digest.build import prepare
from digest.model import newest_first
from digest.project import Project
from digest.quotes.attribution import quotation_spans
from digest.quotes.index import (
    QuoteEntry,
    quotations,
    quote_entries,
    quotes_by_actor,
)

REGISTRY = load_registry(ROOT / "actors.yml")


def test_spans_of_every_mark_and_unclosed_ones() -> None:
    text = 'قال "نعم" ثم «لا» وأخيراً “ربما” وبعدها "بلا نهاية'
    spans = quotation_spans(text)
    assert [text[s:e] for s, e, _ in spans] == ['"نعم"', "«لا»", "“ربما”", '"بلا نهاية']
    assert [unclosed for *_, unclosed in spans] == [False, False, False, True]


def test_the_seed_quotations_and_speakers() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = [a for a in prepared.articles if a.source_path.name == SEED.name]
    quotes = [(q.how, q.speaker or q.speaker_en) for s in article.sentences for q in s.quotes]
    assert quotes[:3] == [
        ("named", "emmanuel-macron"),
        ("named", "emmanuel-macron"),
        ("described", "a French diplomatic source"),
    ]
    assert all(speaker == "a French diplomatic source" for _, speaker in quotes[3:9])
    assert quotes[9] == ("named", "lev-dengov")
    texts = [s.text[q.start : q.end] for s in article.sentences for q in s.quotes]
    assert '"إنترفاكس"' not in texts  # a quoted name, not a quotation
    assert '"مجموعة الاتصال الروسية بشأن ليبيا"' not in texts


def test_accuracy_on_the_annotated_paragraphs_holds() -> None:
    """Floors at the issue's targets (recall 0.9, right speaker 0.85); bench/quotes.py
    prints the figures."""
    cases = load_cases(FIXTURES / "quotes" / "annotated.yml")
    assert len(cases) >= 12
    scores, errors = score(cases, REGISTRY)
    assert scores.recall >= 0.9, errors
    assert scores.precision >= 0.9, errors
    assert scores.speaker_share >= 0.85, errors


def test_unclosed_quotation_runs_to_the_sentence_end_and_is_flagged(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        'عنوان\n\nوكتب إيمانويل ماكرون: "فرنسا تقف إلى جانب الشعب المغربي.\n', encoding="utf-8"
    )
    prepared = prepare(
        Project.from_section(tmp_path, {"actors": str(ROOT / "actors.yml")}), None, save=False
    )
    [quote] = [q for s in prepared.articles[0].sentences for q in s.quotes]
    assert quote.unclosed and quote.speaker == "emmanuel-macron"


def test_attributions_name_their_source() -> None:
    prepared = prepare(Project.from_section(ROOT, {}), None, save=False)
    [article] = [a for a in prepared.articles if a.source_path.name == SEED.name]
    sources = [(a.source, a.text) for s in article.sentences for a in s.attributions]
    assert ("elysee", "قصر الرئاسة الفرنسية") in sources
    assert ("interfax", "إنترفاكس") in sources
    assert ("russian-foreign-ministry", "وزارة الخارجية") in sources  # (Russia is named)


def test_an_unclosed_quotation_ends_at_its_attribution() -> None:
    text = 'إن "الوضع خطير ويتطلب تحركاً عاجلاً، بحسب المتحدث باسم الوزارة.'
    [(start, end, unclosed)] = quotation_spans(text)
    assert unclosed and text[start:end] == '"الوضع خطير ويتطلب تحركاً عاجلاً'


def test_the_quotations_listings_hold_every_quotation_in_reading_order() -> None:
    read = [
        prepare(Project.from_section(ROOT, section), None, save=False).articles
        for section in ({}, {"seeds": str(FIXTURES / "articles")})
    ]
    originals = [article for listed in read for article in listed]
    copies = []
    for number, article in enumerate(originals * 2):  # the same quotations, other days
        made = copy.deepcopy(article)
        made.key, made.slug = f"{article.key}-{number}", f"{article.slug}-{number}"
        made.date = dt.date(2021, 1 + number % 12, 1)
        copies.append(made)
    articles = newest_first(originals + copies)
    entries = quote_entries(articles)
    by, about = quotes_by_actor(entries)
    assert entries and by and about
    assert max(map(len, by.values())) > 1 and max(map(len, about.values())) > 1
    together = quotations(articles)

    def view(listed: list[QuoteEntry]) -> list[tuple[str, str, int]]:
        return [(e.article.key, e.sentence.id, e.quote.start) for e in listed]

    assert view(together.entries) == view(entries)
    assert {a: view(q) for a, q in together.by.items()} == {a: view(q) for a, q in by.items()}
    assert {a: view(q) for a, q in together.about.items()} == {a: view(q) for a, q in about.items()}
    months = {(e.date.year, e.date.month) if e.date else None for e in entries}
    assert set(together.months) == months
    assert view([e for listed in together.months.values() for e in listed]) == view(entries)


def quotes_of(tmp_path: Path, body: str, discover: bool = False) -> list[tuple[str, str]]:
    """(quoted text, speaker's Arabic or actor id) of every quotation of a one-article seed."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(f"خبر\n\n{body}\n", encoding="utf-8")
    project = Project.from_section(tmp_path, {"discover": discover})
    [article] = prepare(project, None, save=False).articles
    return [
        (s.text[q.start + 1 : q.end - 1], q.speaker or q.speaker_ar)
        for s in article.sentences
        for q in s.quotes
    ]


def test_terms_titles_and_papers_in_marks_are_not_quotations(tmp_path: Path) -> None:
    body = (
        "تنتشر لعبة «البلوت» بين الشباب في المقاهي والاستراحات. "
        "وأعلن التحالف أن «داعش» خسر مواقع جديدة. وأضاف أن «داعش» يتراجع في الشمال. "
        "وقال المتحدث لـ«المدينة» إن العمل مستمر. ووصفت واشنطن القرار بأنه “مؤسف”."
    )
    assert [text for text, _ in quotes_of(tmp_path, body)] == ["مؤسف"]


def test_a_speaker_no_actor_knows_is_named_as_the_text_names_him(tmp_path: Path) -> None:
    body = (
        'وقال غينادي غاتيلوف للصحفيين: "ليس سرا أننا لم نخف هذا النزاع أبدا".\n\n'
        'عبدالرحمن القحطاني قال لـ«الوطن» إن "الوصية كانت حماية الدين ثم الوطن قبل كل شيء".'
    )
    assert quotes_of(tmp_path, body) == [
        ("ليس سرا أننا لم نخف هذا النزاع أبدا", "غينادي غاتيلوف"),
        ("الوصية كانت حماية الدين ثم الوطن قبل كل شيء", "عبدالرحمن القحطاني"),
    ]


def sources_of(tmp_path: Path, body: str) -> list[str]:
    """The attribution phrases of a one-article seed, in order."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(f"خبر\n\n{body}\n", encoding="utf-8")
    project = Project.from_section(tmp_path, {"discover": False})
    [article] = prepare(project, None, save=False).articles
    return [s.text[a.start : a.end] for s in article.sentences for a in s.attributions]


def test_reporting_verbs_with_institutions_and_unnamed_sources_are_sources(tmp_path: Path) -> None:
    body = (
        "وأعلنت وزارة الداخلية أن الطريق سيفتح غدا. وقال مسؤولون أمريكيون إن الاتفاق قريب. "
        "وأظهرت دراسة حديثة أن القهوة مفيدة. وقال المسؤول الأمريكي إن العمل مستمر. "
        "وقال خالد إن الجو حار. وتقع المدينة بين جبلين، وفق أسس علمية حديثة."
    )
    assert sources_of(tmp_path, body) == [
        "وأعلنت وزارة الداخلية",
        "وقال مسؤولون أمريكيون",
        "وأظهرت دراسة حديثة",
    ]


def test_quoting_goes_on_with_the_last_speaker_and_the_one_spoken_to_is_not_him(
    tmp_path: Path,
) -> None:
    body = (
        'وقال غينادي غاتيلوف للصحفيين: "ليس سرا أننا لم نخف هذا النزاع أبدا".\n\n'
        '"لن نرسل قوات برية إلى هناك في أي وقت قريب".\n\n'
        'وقال مسؤول في الحكومة التركية لوكالة رويترز: "العمليات الجارية تهدف إلى حماية الأمن".'
    )
    assert [speaker for _, speaker in quotes_of(tmp_path, body)] == [
        "غينادي غاتيلوف",
        "غينادي غاتيلوف",
        "مسوول",  # (a described source's words are kept normalised)
    ]


def test_speakers_across_reported_speech_relays_honorifics_apposition_and_states(
    tmp_path: Path,
) -> None:
    # Patterns of real Saudi and agency news (2015).
    body = (
        "وقالت وجنات رهبيني إن العمل كان صعبا.\n\n"
        'وأضافت: "أحرص على المشاركة في أي عمل أجده مناسبا ويملك معايير النجاح".\n\n'
        "وليد الفى -رئيس اللجنة المنظمة للسيرك- قال عن العروض: "
        '"سعيد بتجربة عرض السيرك في مدينة جدة".\n\n'
        'ونقلت وكالة أنباء "ريا نوفوستي" الرسمية عن ديمتري بيسكوف قوله إن '
        '"الحكومة الضعيفة ستفقد قدرتها".\n\n'
        'ومضى يقول إن الضغوط " اخذت في الاعتبار " أخيرا.\n\n'
        "ووصفت تركيا طلب التأشيرة في ذلك الوقت بأنه “مؤسف”.\n\n"
        'وقال المسؤول التركي لوكالة الصحافة الفرنسية إن "العمليات الجارية تهدف إلى حماية الأمن".'
    )
    assert [speaker for _, speaker in quotes_of(tmp_path, body)] == [
        "وجنات رهبيني",  # named in reported speech, carried by وأضافت
        "وليد الفى",  # before the dash of his title
        "dmitry-peskov",  # relayed by the agency: the one after عن
        "dmitry-peskov",  # ومضى يقول: the same speaker
        "turkiye",  # a state speaking
        "مسوول",  # an official first heard here, described (not carried)
    ]


def test_sources_before_their_verb_in_markers_with_diacritics_and_in_datelines(
    tmp_path: Path,
) -> None:
    # Patterns of real Saudi news (2015).
    body = (
        "سبق- الرياض: تأهل لاعب المنتخب السعودي للتنس إلى النهائي.\n\n"
        "وكانت مصادر سياسية في إسرائيل قد رفضت الاتفاق. "
        "وأظهرت دراسة، وفقًا لصحيفة “ديلي ميل” البريطانية، أن القهوة مفيدة. "
        "أوضحت سفارة خادم الحرمين الشريفين لدى سلطنة عمان ملابسات الحادث. "
        "وكشفت عنه مواقع التواصل الاجتماعي أمس. "
        "وقال نائب مندوب السودان لدى الأمم المتحدة إن الرئيس سيحضر."
    )
    assert sources_of(tmp_path, body) == [
        "سبق- الرياض",  # a dateline crediting an outlet
        "مصادر سياسية في إسرائيل قد رفضت",  # unnamed sources before their verb
        "وأظهرت دراسة",
        "وفقًا لصحيفة “ديلي ميل",  # a marker written with its tanween
        "أوضحت سفارة خادم الحرمين الشريفين",  # an embassy, whoever it is named after
        "وكشفت عنه مواقع التواصل الاجتماعي",
    ]  # (a deputy envoy speaking is a person, not a source)


def test_a_list_of_quoted_titles_is_not_quotations_and_a_subject_before_the_verb_speaks(
    tmp_path: Path,
) -> None:
    # Real 2015 wording: papers of a forum listed in marks; a minister named before his verb.
    body = (
        'وقدمت العديد من أوراق العمل منها "واقع حماية وتطوير المواقع الأثرية والسياحية في '
        'السعودية"، "دور الشرطة السياحية في حماية السياح والمنشآت السياحية والأثرية في الأردن"، '
        '"إدارة الأزمات السياحية".\n\n'
        "كان وزير الخارجية القطري خالد العطية قال في مقابلة مع قناة فضائية يوم الخميس "
        '"العلاقة بين مصر وقطر علاقة طيبة ولكن هناك خلاف سياسي".\n\n'
        'هناك مثل إنجليزي يقول "خطئان لا يصنعان صوابا أبدا في أي حال".'
    )
    found = quotes_of(tmp_path, body, discover=True)
    assert [text for text, _ in found] == [
        "العلاقة بين مصر وقطر علاقة طيبة ولكن هناك خلاف سياسي",
        "خطئان لا يصنعان صوابا أبدا في أي حال",
    ]
    assert found[0][1] == "khaled-al-attiyah"  # discovered, named before «قال»
    assert found[1][1] != "هناك مثل إنجليزي"  # (هناك starts no name)
