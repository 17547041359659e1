"""One upload holds a bounded amount of memory, and gives it back.

Each case cleans one file in a fresh Python process and reads that process's peak resident
memory before and after (``ru_maxrss``), so nothing else the test run holds is counted. The
largest files the budget accepts stay under it plus the stored copy; files past it are refused
from their header, before a pixel is decoded. The files are made in another process, so making
them does not raise the peak either.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hiroba.core.images import MAX_DECODE_BYTES

ROOT = Path(__file__).resolve().parents[3]
MIB = 1024 * 1024
# The stored copy (at most 2560 x 2560), the encoder and the interpreter's own churn.
SLACK = 64 * MIB

MAKE = textwrap.dedent(
    """
    import struct, sys, zlib
    from PIL import Image
    from hiroba.core import images  # registers the HEIC encoder too

    def flat_png(path, width, height, color_type):
        def chunk(kind, data):
            crc = struct.pack(">I", zlib.crc32(kind + data))
            return struct.pack(">I", len(data)) + kind + data + crc
        row = b"\\0" + b"\\x80" * (width * {2: 3, 6: 4}[color_type])
        compressor = zlib.compressobj(1)
        data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
        header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
        with open(path, "wb") as out:
            out.write(b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                      + chunk(b"IEND", b""))

    kind, path = sys.argv[1], sys.argv[2]
    if kind == "jpeg-40mpx":
        Image.new("RGB", (7300, 5475), (90, 120, 200)).save(path, "JPEG", quality=90)
    elif kind == "heic-24mpx":
        Image.new("RGB", (5712, 4284), (30, 60, 90)).save(
            path, "HEIF", quality=10, enc_params={"preset": "ultrafast"}
        )
    elif kind == "png-rgba-20mpx":
        flat_png(path, 5160, 3870, 6)
    elif kind == "png-rgb-40mpx":
        flat_png(path, 7300, 5475, 2)
    """
)

MEASURE = textwrap.dedent(
    """
    import resource, sys, threading
    import django
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from hiroba.core.images import clean_image

    def resident():
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmRSS:"))
        return int(line.split()[1]) * 1024

    def upload():
        global outcome
        try:
            clean_image(SimpleUploadedFile("upload", data))
            outcome = "stored"
        except ValidationError as error:
            outcome = error.code

    data = open(sys.argv[1], "rb").read()
    peak, held = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, resident()
    # In a thread of its own, as a request is served; twice, as a worker serves many.
    for _ in range(2):
        worker = threading.Thread(target=upload)
        worker.start()
        worker.join()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak
    print(outcome, grown, resident() - held)
    """
)


def _run(script: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kilobytes on Linux only")
@pytest.mark.parametrize(
    ("kind", "outcome", "bound"),
    [
        # Decoded at half scale: 10 Mpx, where the whole file would take 160 MB.
        ("jpeg-40mpx", "stored", 128 * MIB),
        # An iPhone's 24-megapixel photo, decoded by libheif and copied by Pillow.
        ("heic-24mpx", "stored", MAX_DECODE_BYTES + SLACK),
        # The largest PNG with transparency the budget takes (premultiplied while shrinking).
        ("png-rgba-20mpx", "stored", MAX_DECODE_BYTES + SLACK),
        # Under the pixel limit, over the budget: refused from the header, nothing decoded.
        ("png-rgb-40mpx", "image_too_many_pixels", 32 * MIB),
    ],
)
def test_one_upload_stays_within_its_memory_budget(tmp_path, kind, outcome, bound):
    path = tmp_path / kind
    _run(MAKE, kind, str(path))

    result, grown, kept = _run(MEASURE, str(path)).split()

    assert result == outcome
    assert int(grown) < bound, f"{kind}: the peak grew by {int(grown) // MIB} MiB"
    # What the upload freed goes back to the system rather than staying with the worker.
    assert int(kept) < 48 * MIB, f"{kind}: the worker kept {int(kept) // MIB} MiB"
