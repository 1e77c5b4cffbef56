"""Install and list Argos Translate packages, validating local files first.

Argos's `install_from_path` only checks that a file is a zip before extracting it into
the packages folder; a broken package there breaks every later run. digest checks the
archive's layout and metadata before handing it over.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path, PurePosixPath

from digest.translation.argos import SOURCE, TARGET, installed_packages, package_label

REQUIRED_MODEL_FILES = ("model.bin", "config.json")
TOKENIZERS = ("sentencepiece.model", "bpe.model")


class PackageError(Exception):
    """A package cannot be installed; the message says why and what to do."""


def _members(archive: zipfile.ZipFile, path: Path) -> tuple[str, set[str]]:
    names = [name for name in archive.namelist() if name and not name.endswith("/")]
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or ":" in parts[0]:
            raise PackageError(
                f"{path}: refuses to install: the archive holds an unsafe path {name!r}."
            )
        tops.add(parts[0])
    if len(tops) != 1:
        raise PackageError(
            f"{path}: an .argosmodel holds exactly one top folder; this one holds {len(tops)}."
        )
    top = tops.pop()
    return top, {name[len(top) + 1 :] for name in names}


def validate(path: Path) -> dict[str, object]:
    """Check an .argosmodel file; returns its metadata, or raises PackageError."""
    if not path.is_file():
        raise PackageError(f"{path}: no such file.")
    if not zipfile.is_zipfile(path):
        raise PackageError(f"{path}: is not an .argosmodel (not a zip archive).")
    with zipfile.ZipFile(path) as archive:
        top, inside = _members(archive, path)
        if "metadata.json" not in inside:
            raise PackageError(f"{path}: has no metadata.json in {top}/.")
        try:
            metadata = json.loads(archive.read(f"{top}/metadata.json").decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PackageError(f"{path}: metadata.json is not valid JSON ({error}).") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{path}: metadata.json is not an object.")
    missing = [f"model/{name}" for name in REQUIRED_MODEL_FILES if f"model/{name}" not in inside]
    if missing:
        raise PackageError(f"{path}: lacks the CTranslate2 model files {', '.join(missing)}.")
    if not any(name in inside for name in TOKENIZERS):
        raise PackageError(f"{path}: lacks a tokenizer ({' or '.join(TOKENIZERS)}).")
    pair = (metadata.get("from_code"), metadata.get("to_code"))
    if pair != (SOURCE, TARGET):
        raise PackageError(
            f"{path}: translates {pair[0]}→{pair[1]}; digest needs {SOURCE}→{TARGET}."
        )
    metadata["folder"] = top
    return metadata


def install_file(path: Path) -> str:
    """Validate and install a local .argosmodel; returns the installed package's label."""
    metadata = validate(path)
    present = installed_packages()
    import argostranslate.package as argos_package

    for package in present:
        if Path(package.package_path).name == metadata["folder"]:
            argos_package.uninstall(package)
    argos_package.install_from_path(path)
    return f"{metadata['folder']} {metadata.get('package_version', '')}".strip()


def install_from_index() -> str:
    """Download and install the ar→en package from the Argos package index (online)."""
    installed_packages()  # fails clearly when Argos itself is missing
    import argostranslate.package as argos_package

    try:
        argos_package.update_package_index()
        available = argos_package.get_available_packages()
    except (OSError, RecursionError) as error:
        raise PackageError(
            f"cannot reach the Argos package index ({type(error).__name__}). "
            "Download translate-ar_en.argosmodel elsewhere and run "
            "`digest model install --file translate-ar_en.argosmodel`."
        ) from None
    matches = [p for p in available if (p.from_code, p.to_code) == (SOURCE, TARGET)]
    if not matches:
        raise PackageError("the Argos package index lists no ar→en package.")
    matches[0].install()
    return f"{matches[0].from_code}→{matches[0].to_code} {matches[0].package_version}"


def describe_installed() -> str:
    """One line per installed translation package, the ar→en one marked."""
    packages = installed_packages()
    if not packages:
        return "no Argos Translate packages installed."
    lines = []
    for package in packages:
        used = (package.from_code, package.to_code) == (SOURCE, TARGET)
        marker = "*" if used else " "
        pair = f"{package.from_code}→{package.to_code}"
        lines.append(f"{marker} {pair}  {package_label(package)}  {package.package_path}")
    return "\n".join(lines)
