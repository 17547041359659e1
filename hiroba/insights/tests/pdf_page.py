"""Reading back what a ReportLab page draws: each line of text with its font, size and place,
and the outline of each stroked path, so tests can check the drawing itself.

ReportLab writes each line of text with one ``Tj`` (a Paragraph's next line with ``T*``), places
blocks with ``cm`` inside ``q``/``Q``, and encodes the Japanese CID font's strings as UCS-2
(``UniJIS-UCS2-H``). Only the operators ReportLab writes are followed.
"""

import base64
import re
import zlib
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)|/[^\s/\[\]()<>]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z*'\"]+|\S", re.S
)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class Line:
    text: str
    font: str
    size: float
    x: float
    y: float
    continued: bool  # a further line of the same paragraph (after T*)

    @property
    def width(self) -> float:
        return stringWidth(self.text, self.font, self.size)


@dataclass
class Outline:
    left: float
    bottom: float
    right: float
    top: float


def _streams(data: bytes) -> bytes:
    found = re.findall(rb"/ASCII85Decode /FlateDecode.*?stream\r?\n(.*?)~>endstream", data, re.S)
    return b"\n".join(zlib.decompress(base64.a85decode(s.strip(), adobe=False)) for s in found)


def _fonts(data: bytes) -> dict[str, str]:
    """Resource name (F1) -> base font name, from the font objects."""
    names = {}
    for resource, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        found = re.search(rb"\n" + number + rb" 0 obj\s*<<.*?/BaseFont /([^\s/>]+)", data, re.S)
        if found:
            names[resource.decode()] = found.group(1).decode()
    return names


def _string(token: bytes) -> bytes:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def _times(m, n):
    """Affine matrices [a b c d e f]: m applied first, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _point(x, y, m):
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])


def read_page(data: bytes) -> tuple[list[Line], list[Outline]]:
    fonts = _fonts(data)
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    ctm, stack = identity, []
    line_matrix = identity
    font, size, leading, continued = "", 0.0, 0.0, False
    operands: list[bytes] = []
    path: list[tuple[float, float]] = []
    lines: list[Line] = []
    outlines: list[Outline] = []
    for token in TOKEN.findall(_streams(data)):
        if token[:1] in b"(/" or re.fullmatch(rb"[-+]?(?:\d+\.?\d*|\.\d+)", token):
            operands.append(token)
            continue
        numbers = [float(t) for t in operands if t[:1] not in b"(/"]
        if token == b"q":
            stack.append(ctm)
        elif token == b"Q":
            ctm = stack.pop()
        elif token == b"cm":
            ctm = _times(tuple(numbers), ctm)
        elif token == b"BT":
            line_matrix, continued = identity, False
        elif token == b"Tm":
            line_matrix, continued = tuple(numbers), False
        elif token == b"Td":
            line_matrix = _times((1, 0, 0, 1, numbers[0], numbers[1]), line_matrix)
        elif token == b"Tf":
            font, size = fonts[operands[0][1:].decode()], numbers[0]
        elif token == b"TL":
            leading = numbers[0]
        elif token == b"T*":
            line_matrix = _times((1, 0, 0, 1, 0, -leading), line_matrix)
            continued = True
        elif token == b"Tj":
            raw = _string(operands[-1])
            text = raw.decode("utf-16-be") if font.startswith("Heisei") else raw.decode("cp1252")
            x, y = _point(0, 0, _times(line_matrix, ctm))
            lines.append(Line(text, font, size, x, y, continued))
        elif token in (b"m", b"l", b"c"):
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            path.extend(_point(x, y, ctm) for x, y in pairs)
        elif token in (b"S", b"f", b"B", b"n"):
            if token == b"S" and path:
                xs, ys = [p[0] for p in path], [p[1] for p in path]
                outlines.append(Outline(min(xs), min(ys), max(xs), max(ys)))
            path = []
        operands = []
    return lines, outlines
