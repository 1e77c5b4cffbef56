"""Settings flow from mkdocs.yml and the command line into the engine and the checks."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from digest.cli import _parser, _project
from digest.plugin import DigestConfig
from digest.project import Project
from digest.quality import QualitySettings
from digest.translate.settings import EngineSettings


def test_every_plugin_option_is_used() -> None:
    known = {f.name for f in fields(Project)} | {f.name for f in fields(EngineSettings)}
    known |= {f.name for f in fields(QualitySettings)}
    assert set(DigestConfig().keys()) <= known


def test_plugin_options_reach_engine_and_checks() -> None:
    config = DigestConfig()
    config.load_dict(
        {"beam_size": 4, "max_batch_tokens": 512, "min_score": -2.0, "seeds": "articles"}
    )
    errors, _ = config.validate()
    assert not errors
    project = Project.from_section(Path("/site"), dict(config))
    assert project.engine.beam_size == 4 and project.engine.max_batch_tokens == 512
    assert project.engine.compute_type == "int8" and project.engine.device == "auto"
    assert project.quality.min_score == -2.0
    assert project.seeds == Path("/site/articles") and project.glossary == Path(
        "/site/glossary.yml"
    )


def test_command_line_overrides_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - digest:\n      beam_size: 4\n      inter_threads: 1\n",
        encoding="utf-8",
    )
    args = _parser().parse_args(
        ["translate", "-f", str(tmp_path / "mkdocs.yml"), "--beam-size", "1"]
    )
    project = _project(args)
    assert project.engine.beam_size == 1 and project.engine.inter_threads == 1
