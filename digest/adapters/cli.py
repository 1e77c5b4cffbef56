"""The `digest` command: build the site, fill the translation memory, manage models."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from digest.build import Prepared, prepare
from digest.errors import ModelMissingError
from digest.options import options_of
from digest.pipeline.state import Translator
from digest.project import Project
from digest.store import staged_folder
from digest.translation.argos import ArgosTranslator
from digest.translation.settings import EngineSettings

ENGINE_OPTIONS = [setting for setting in options_of(EngineSettings) if setting.flag]
"""The engine's settings the command line may set over `mkdocs.yml`'s."""


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "translation engine (defaults from mkdocs.yml, else fastest on CPU)"
    )
    for setting in ENGINE_OPTIONS:
        group.add_argument(
            setting.flag or "",
            dest=setting.name,
            type=setting.kind,
            choices=setting.choices,
            help=setting.help,
        )


def _add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="the site's mkdocs.yml (default: %(default)s)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Build an annotated bilingual Arabic/English news digest with MkDocs Material.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    build = commands.add_parser(
        "build",
        help="translate what is missing, then build the site",
        description="Translate every sentence missing from the translation memory, "
        "then build the site with MkDocs.",
    )
    _add_config_option(build)
    build.add_argument(
        "-d",
        "--site-dir",
        help="where to build the site (default: from mkdocs.yml, site/)",
    )
    build.add_argument(
        "--site-url",
        help="the address the site is published at, e.g. https://<user>.github.io/<repo>/ "
        "(default: from mkdocs.yml)",
    )
    build.add_argument("--strict", action="store_true", help="fail the build on any warning")
    build.add_argument(
        "--no-translate", action="store_true", help="build from the memory only; never load a model"
    )
    _add_engine_options(build)

    translate = commands.add_parser(
        "translate",
        help="only fill the translation memory",
        description="Translate every sentence missing from the translation memory; build nothing.",
    )
    _add_config_option(translate)
    translate.add_argument("--seeds", help="the seeds folder (default: from mkdocs.yml, seeds/)")
    translate.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="translate on a Ray cluster (e.g. 10.0.0.5:6379, or auto for the local one); "
        "needs `pip install 'digest[cluster]'`",
    )
    _add_engine_options(translate)

    review = commands.add_parser(
        "review",
        help="list flagged, stale and untranslated sentences",
        description="List the sentences an editor should look at: machine lines with quality "
        "flags, editors' lines whose Arabic changed, and sentences without English.",
    )
    _add_config_option(review)
    check = commands.add_parser(
        "check",
        help="validate the translation memory files",
        description="Validate every translation memory sidecar: well-formed, no duplicate or "
        "orphaned ids; stale lines are listed. Exits 1 when something must be fixed.",
    )
    _add_config_option(check)
    for sub in (review, check):
        sub.add_argument("--seeds", help="the seeds folder (default: from mkdocs.yml)")

    actors = commands.add_parser(
        "actors",
        help="work with the actor registry",
        description="Work with the actor registry (actors.yml).",
    )
    actor_commands = actors.add_subparsers(dest="actors_command", required=True, metavar="action")
    suggest = actor_commands.add_parser(
        "suggest",
        help="write the people found in the articles to a review file",
        description="Find people the registry does not know (introduced by a title or role, "
        "or named as speakers) and write them, with their evidence, to a review file an editor "
        "can merge into actors.yml.",
    )
    _add_config_option(suggest)
    suggest.add_argument("-o", "--output", help="the review file (default: actors.suggested.yml)")

    model = commands.add_parser(
        "model",
        help="install or list Argos Translate models",
        description="Install or list Argos Translate packages.",
    )
    model_commands = model.add_subparsers(dest="model_command", required=True, metavar="action")
    install = model_commands.add_parser(
        "install",
        help="install the Arabic→English package",
        description="Install the Arabic→English package from the Argos package index "
        "(online), or a local .argosmodel file after validating it.",
    )
    install.add_argument(
        "--file", type=Path, help="a local .argosmodel file to validate and install"
    )
    model_commands.add_parser(
        "list",
        help="show the installed packages",
        description="Show the installed Argos Translate packages.",
    )
    return parser


def _plugin_config(config_file: Path) -> dict[str, Any]:
    """The `digest` plugin section of mkdocs.yml, without loading MkDocs."""
    import yaml

    from digest import yamlio

    if not config_file.is_file():
        return {}
    try:  # (checked for size, depth and aliases as every YAML file given is)
        data = yamlio.load(yamlio.read_text(config_file), _tolerant_loader())
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}  # (MkDocs says what is wrong with it)
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("digest"), dict):
            return dict(plugin["digest"])
    return {}


def _tolerant_loader() -> Any:
    """A YAML loader that accepts MkDocs' `!ENV` and `!relative` tags as plain values."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return Loader


def _project(args: argparse.Namespace) -> Project:
    """The project of mkdocs.yml, with the command line's settings on top."""
    config_file = Path(args.config_file).resolve()
    project = Project.from_section(config_file.parent, _plugin_config(config_file))
    given = {
        s.name: getattr(args, s.name)
        for s in ENGINE_OPTIONS
        if getattr(args, s.name, None) is not None
    }
    project = replace(project, engine=replace(project.engine, **given))
    if getattr(args, "seeds", None):
        project = replace(project, seeds=Path(args.seeds).resolve())
    return project


class _Progress:
    """A progress bar on standard error while sentences are translated."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, unit="sentence", desc="translating", file=sys.stderr, disable=None
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _prepare(project: Project, translate: bool, cluster: str | None = None) -> Prepared:
    progress = _Progress()
    factory: Callable[[], Translator] | None = None
    if cluster:
        from digest.translation.cluster import ClusterTranslator

        factory = partial(ClusterTranslator, cluster, project.engine)
    elif translate:
        factory = partial(ArgosTranslator.installed, project.engine)
    try:
        return prepare(project, factory, progress)
    finally:
        progress.close()


def summary(prepared: Prepared, list_problems: bool = True) -> str:
    """The one-screen summary of a run."""
    counts = prepared.state.counts
    sentences = sum(len(article.sentences) for article in prepared.articles)
    by_code = ", ".join(f"{code} {n}" for code, n in sorted(counts.flags.items()))
    lines = [
        f"articles      {len(prepared.articles):>7}",
        f"sentences     {sentences:>7}",
        f"  translated  {counts.translated:>7}",
        f"  reused      {counts.reused:>7}",
        f"  stale       {counts.stale:>7}",
        f"  untranslated{counts.untranslated:>7}",
        f"  flagged     {counts.flagged:>7}" + (f"  ({by_code})" if by_code else ""),
        f"warnings      {len(prepared.problems):>7}",
    ]
    if counts.flagged or counts.stale:
        lines.append("              `digest review` lists the sentences to look at")
    if not list_problems:
        return "\n".join(lines)
    lines += [f"  warning: {problem}" for problem in prepared.problems[:20]]
    if len(prepared.problems) > 20:
        lines.append(f"  … and {len(prepared.problems) - 20} more")
    return "\n".join(lines)


def cmd_translate(args: argparse.Namespace) -> int:
    prepared = _prepare(_project(args), translate=True, cluster=args.cluster)
    print(summary(prepared))
    if prepared.state.untranslated is not None:
        print(f"digest: error: {prepared.state.untranslated}", file=sys.stderr)
        return 2
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = Path(args.config_file)
    if not config_file.is_file():
        print(
            f"digest: error: {config_file} not found. Run digest where mkdocs.yml is, or pass -f.",
            file=sys.stderr,
        )
        return 2
    project = _project(args)
    prepared = _prepare(project, translate=project.translate and not args.no_translate)
    print(summary(prepared, list_problems=False))
    overrides: dict[str, Any] = {"strict": args.strict}
    if args.site_dir:
        overrides["site_dir"] = args.site_dir
    if args.site_url:
        overrides["site_url"] = args.site_url
    try:
        config = load_config(str(config_file), **overrides)
        plugin = config.plugins.get("digest")
        if plugin is None:
            print(
                f"digest: error: {config_file} does not enable the `digest` plugin.",
                file=sys.stderr,
            )
            return 2
        plugin.prepared = prepared  # the plugin renders this run instead of preparing again
        config.plugins.on_startup(command="build", dirty=False)
        site = Path(config.site_dir)
        with staged_folder(site) as staging:  # a killed build leaves the old site whole
            config.site_dir = str(staging)
            build(config)
        config.site_dir = str(site)
        config.plugins.on_shutdown()
    except MkDocsException as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 1
    print(f"site          {config.site_dir}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from digest.translation.review import review_items

    prepared = prepare(_project(args), None, save=False)
    items = review_items(prepared.articles)
    for item in items:
        where = "title" if item.paragraph == 0 else f"paragraph {item.paragraph}"
        print(f"{item.article.location} · {where} · {item.sentence_id} · {item.reason}")
        print(f"    {item.arabic}")
    sentences = len({(id(item.article), item.sentence_id) for item in items})
    print(f"{len(items)} reason(s) to review in {sentences} sentence(s)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from digest.translation.memory import SUFFIX
    from digest.translation.review import check_memories

    project = _project(args)
    prepared = prepare(project, None, save=False)
    checked = check_memories(project.seeds, prepared.articles)
    # A memory file the build could not read is reported by the check, once.
    told = {problem.path for problem in checked}
    reading = [
        p
        for p in prepared.problems
        if p is not prepared.state.untranslated
        and not (p.path in told and p.path.name.endswith(SUFFIX))
    ]
    problems = reading + checked
    for problem in problems:
        print(problem)
    failing = [p for p in problems if " is stale:" not in p.message]
    print(f"{len(problems)} problem(s), {len(problems) - len(failing)} of them stale line(s)")
    return 1 if failing else 0


def cmd_model(args: argparse.Namespace) -> int:
    from digest.translation import packages

    try:
        if args.model_command == "list":
            print(packages.describe_installed())
            return 0
        installed = packages.install_file(args.file) if args.file else packages.install_from_index()
    except (packages.PackageError, ModelMissingError) as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 2
    print(f"installed {installed}")
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from digest.actors.discover import name_in_english
    from digest.actors.suggest import dump_suggestions
    from digest.store import atomic_write
    from digest.text.ids import slugify

    project = _project(args)
    prepared = prepare(project, None, save=False)
    output = Path(args.output) if args.output else project.actors.with_name("actors.suggested.yml")
    candidates = prepared.state.candidates
    weak = {  # (found too seldom to be actors yet: listed after them, for review)
        f" {n}": (slugify(name_in_english(c).en) or "actor", c)
        for n, c in enumerate(prepared.state.unconfirmed)
    }
    atomic_write(output, dump_suggestions(candidates | weak))
    print(f"{len(candidates) + len(weak)} candidate(s) written to {output}")
    return 0


COMMANDS = {
    "build": cmd_build,
    "translate": cmd_translate,
    "review": cmd_review,
    "check": cmd_check,
    "actors": cmd_actors,
    "model": cmd_model,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `digest` command."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("digest: interrupted; translations made so far are kept.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
