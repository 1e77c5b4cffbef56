"""Translation on a Ray cluster (`digest translate --cluster ADDRESS`).

The driver (this process) cuts the sentences into chunks exactly as the local engine does
(sorted by length, about `chunk_tokens` source pieces each) and sends them to workers, Ray
actors that each hold one CTranslate2 model of the package: one per GPU when the cluster
has GPUs, else one per CPU. Results come back in any order and are handed to `on_chunk` as
they land, so the translation memory is written as they arrive, as with the local engine.

The package reaches the workers through Ray's runtime environment (its folder is the job's
working directory), so nodes need `digest[cluster]` installed but no copy of the model. A
worker that dies is restarted by Ray and its chunks sent again; a driver that dies loses
the chunks in flight, and the next run sends only the sentences still without English.
`ray` is an optional dependency (`pip install 'digest[cluster]'`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from digest.errors import ModelMissingError
from digest.model import Translation
from digest.translation.argos import ArgosTranslator, find_package, length_chunks, package_label
from digest.translation.settings import EngineSettings

PER_WORKER = 2
"""Chunks sent to a worker ahead of its results: it starts the next while one travels."""

RAY_MISSING = "Ray is not installed, so there is no cluster to translate on."
RAY_MISSING_HINT = "Install it with `pip install 'digest[cluster]'`, or translate locally."
CLUSTER_HINT = (
    "Start one with `ray start --head` (then `ray start --address=HEAD:6379` on the other "
    "machines) and give the head's address, or translate without --cluster."
)


class ClusterWorker:
    """One model on one worker: translates the chunks it is sent (a Ray actor)."""

    def __init__(self, settings: EngineSettings, label: str) -> None:
        from argostranslate.package import Package

        # The job's working directory is the package's folder (the runtime environment).
        self.engine = ArgosTranslator(Package(Path.cwd()), settings)
        self.engine.label = label  # (as the driver names the package, in the memory)

    def translate(self, texts: list[str]) -> list[Translation]:
        return self.engine.translate(texts)


class ClusterTranslator:
    """Translates with the installed ar→en package on the workers of a Ray cluster."""

    def __init__(self, address: str, settings: EngineSettings | None = None) -> None:
        package = find_package()
        if package is None:
            raise ModelMissingError()
        self.address = address
        self.package = package
        self.settings = settings or EngineSettings()
        self.label = package_label(package)
        self.workers: list[Any] = self._start()
        """The Ray actors, one model each."""

    def _start(self) -> list[Any]:
        """Connect to the cluster and start the workers."""
        try:
            import ray
        except ImportError:
            raise ModelMissingError(RAY_MISSING, RAY_MISSING_HINT) from None
        _reachable(self.address)
        try:
            ray.init(
                address=self.address,
                runtime_env={"working_dir": str(self.package.package_path)},
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
        except (ConnectionError, RuntimeError, ValueError) as error:
            reason = f"There is no Ray cluster to reach at {self.address} ({error})."
            raise ModelMissingError(reason, CLUSTER_HINT) from None
        resources = ray.cluster_resources()  # type: ignore[no-untyped-call]
        gpus, cpus = int(resources.get("GPU", 0)), int(resources.get("CPU", 1))
        # On a GPU, one model per GPU; on CPUs, one single-threaded model per core.
        settings = (
            self.settings if gpus else replace(self.settings, inter_threads=1, intra_threads=1)
        )
        self.settings = settings.for_device(gpu=gpus > 0)
        worker = ray.remote(max_restarts=-1, max_task_retries=-1)(ClusterWorker)
        options = {"num_gpus": 1, "num_cpus": 1} if gpus else {"num_cpus": 1}
        return [
            worker.options(**options).remote(self.settings, self.label)
            for _ in range(max(1, gpus or cpus))
        ]

    def translate(
        self,
        texts: Sequence[str],
        on_chunk: Callable[[list[int], list[Translation]], None] | None = None,
    ) -> list[Translation]:
        """The local engine's contract (`ArgosTranslator.translate`): every sentence comes
        back at its own index; `on_chunk` gets each chunk as it lands, in any order."""
        import ray

        tokenized = [self.package.tokenizer.encode(text) for text in texts]
        waiting = list(reversed(length_chunks(tokenized, self.settings.chunk_tokens)))
        results: list[Translation | None] = [None] * len(texts)
        sent: dict[Any, tuple[Any, list[int]]] = {}

        def send(worker: Any) -> None:
            if waiting:
                indices = waiting.pop()
                sent[worker.translate.remote([texts[i] for i in indices])] = (worker, indices)

        for worker in self.workers:
            for _ in range(PER_WORKER):
                send(worker)
        while sent:
            [ready], _ = ray.wait(list(sent), num_returns=1)
            worker, indices = sent.pop(ready)
            chunk: list[Translation] = ray.get(ready)
            send(worker)
            for index, translation in zip(indices, chunk, strict=True):
                results[index] = translation
            if on_chunk:
                on_chunk(indices, chunk)
        return [r for r in results if r is not None]


def _reachable(address: str) -> None:
    """Fail at once, rather than after Ray's minutes of retries, when nothing listens at a
    `host:port` address (`auto` is left to Ray)."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as error:
        reason = f"There is no Ray cluster to reach at {address} ({error.strerror or error})."
        raise ModelMissingError(reason, CLUSTER_HINT) from None
