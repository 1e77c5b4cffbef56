"""digest: a static-site generator for annotated bilingual Arabic/English news digests."""

import os

# ONNX Runtime (run by the name romanizer and by Argos' sentence splitter) writes a device
# id and a telemetry database to ~/.cache/Microsoft/DeveloperTools as soon as it is
# imported, unless this is set: a build writes nothing outside its project.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"
