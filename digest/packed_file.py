"""MkDocs files whose content digest holds packed (`digest.packed`) until it is written."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from digest.packed import Packed, pack


class PackedFile(File):
    """A generated file, decompressed when MkDocs reads it and written piece by piece."""

    packed: Packed
    """The content."""

    unchanged: bool = False
    """Whether the last build in this process wrote this same content at the same place:
    `mkdocs serve --dirty` then leaves the file as it is."""

    @classmethod
    def make(
        cls,
        config: MkDocsConfig,
        src_uri: str,
        packed: Packed,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> PackedFile:
        file = cls.generated(config, src_uri, content=b"", inclusion=inclusion)
        assert isinstance(file, PackedFile)
        file.packed = packed
        return file

    @property
    def content_bytes(self) -> bytes:
        return self.packed.data()

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed, self.unchanged = pack(value), False

    @property
    def content_string(self) -> str:
        return self.packed.text()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed, self.unchanged = pack(value), False

    def is_modified(self) -> bool:
        return not self.unchanged

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and self.unchanged:
            return
        path = self.abs_dest_path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        partial = f"{path}.partial"  # a file is whole or not there, as it is put together
        with open(partial, "wb") as output:
            for chunk in self.packed.chunks():
                output.write(chunk)
        os.replace(partial, path)
