"""Settings flow from mkdocs.yml and the command line into the engine and the checks."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import yaml

from digest.adapters.cli import _parser, _project
from digest.adapters.plugin import DigestConfig
from digest.project import OPTIONS, Project
from digest.translation.quality import QualitySettings
from digest.translation.settings import EngineSettings


def test_every_plugin_option_is_used() -> None:
    known = {f.name for f in fields(Project)} | {f.name for f in fields(EngineSettings)}
    known |= {f.name for f in fields(QualitySettings)}
    assert set(DigestConfig().keys()) <= known


def test_plugin_options_and_flags_come_from_one_declaration() -> None:
    """The plugin's options are the settings' options, with their defaults; every engine
    setting is a flag of `digest build` and `digest translate`, with its help."""
    config = DigestConfig()
    config.load_dict({})
    assert not config.validate()[0]
    assert dict(config) == {setting.name: setting.default for setting in OPTIONS}
    assert {f.name for f in fields(EngineSettings)} <= dict(config).keys()
    for command in ("build", "translate"):
        commands = next(a for a in _parser()._actions if a.dest == "command")
        parser = commands.choices[command]  # type: ignore[index]
        flags = {a.dest: a for a in parser._actions}
        for name in (f.name for f in fields(EngineSettings)):
            declared = next(s for s in OPTIONS if s.name == name)
            assert flags[name].option_strings == [declared.flag]
            assert flags[name].help == declared.help


def test_plugin_options_reach_engine_and_checks() -> None:
    config = DigestConfig()
    config.load_dict(
        {"beam_size": 4, "max_batch_tokens": 512, "min_score": -2.0, "seeds": "articles"}
    )
    errors, _ = config.validate()
    assert not errors
    project = Project.from_section(Path("/site"), dict(config))
    assert project.engine.beam_size == 4 and project.engine.max_batch_tokens == 512
    assert project.engine.compute_type == "auto" and project.engine.device == "auto"
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


def test_the_readme_lists_every_option_with_its_default() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\nplugins:\n  - digest:\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    listed = yaml.safe_load("digest:\n" + block.group(1))["digest"]
    assert listed == {setting.name: setting.default for setting in OPTIONS}
