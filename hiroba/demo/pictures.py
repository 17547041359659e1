"""Demo pictures drawn with Pillow: plates, bowls, glasses and vegetables, handed to the services
as ordinary uploads (so they go through the same verification and re-encoding as a member's photo).

Shapes only, no text: a fresh machine may have no CJK font, and a photo needs none.
"""

import io
import math
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[int, int, int]

TABLECLOTHS: list[Colour] = [
    (244, 236, 222), (232, 240, 230), (238, 232, 244), (250, 240, 228), (226, 236, 244),
]  # fmt: skip
WOODS: list[Colour] = [(176, 128, 86), (150, 104, 68), (196, 154, 108)]
SOUPS: list[Colour] = [(226, 92, 52), (242, 160, 46), (120, 170, 70), (236, 206, 120)]
JUICES: list[Colour] = [(205, 40, 40), (240, 120, 30), (110, 160, 60), (230, 180, 40)]
PASTELS: list[Colour] = [
    (255, 228, 225), (225, 245, 225), (255, 243, 205), (222, 235, 255), (240, 228, 255),
    (255, 236, 214),
]  # fmt: skip


def _shade(colour: Colour, factor: float) -> Colour:
    return tuple(max(0, min(255, int(c * factor))) for c in colour)  # type: ignore[return-value]


def _background(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    width, height = size
    if rng.random() < 0.5:
        base = rng.choice(TABLECLOTHS)
        image = Image.new("RGB", size, base)
        draw = ImageDraw.Draw(image)
        stripe = _shade(base, 0.9)
        step = rng.choice([40, 56, 72])
        for x in range(0, width, step * 2):  # gingham
            draw.rectangle([x, 0, x + step, height], fill=stripe)
        for y in range(0, height, step * 2):
            draw.rectangle([0, y, width, y + step], fill=stripe)
        return image
    base = rng.choice(WOODS)
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 6):  # wood grain
        if rng.random() < 0.35:
            draw.line([0, y, width, y + rng.randint(-8, 8)], fill=_shade(base, 0.85), width=2)
    return image


def _tomato(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    red = rng.choice([(214, 40, 40), (230, 60, 45), (200, 30, 50)])
    draw.ellipse([x - r, y - r, x + r, y + r], fill=red)
    draw.ellipse([x - r // 2, y - r // 2, x - r // 6, y - r // 6], fill=_shade(red, 1.25))
    points = [
        (x + math.cos(a) * r * 0.45, y - r * 0.7 + math.sin(a) * r * 0.25)
        for a in [i * math.pi / 3 for i in range(6)]
    ]
    draw.polygon(points, fill=(60, 130, 50))


def _slice(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    outer, inner = rng.choice(
        [((235, 120, 30), (250, 170, 80)), ((90, 160, 60), (200, 230, 160)), ((220, 50, 50), (245, 120, 110))]
    )  # fmt: skip
    draw.ellipse([x - r, y - r, x + r, y + r], fill=outer)
    draw.ellipse([x - r * 0.7, y - r * 0.7, x + r * 0.7, y + r * 0.7], fill=inner)
    for _ in range(4):
        dx, dy = rng.randint(-r // 3, r // 3), rng.randint(-r // 3, r // 3)
        draw.ellipse([x + dx - 2, y + dy - 2, x + dx + 2, y + dy + 2], fill=(250, 240, 200))


def _broccoli(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    draw.rectangle([x - r // 5, y, x + r // 5, y + r], fill=(150, 190, 100))
    for _ in range(9):
        dx, dy = rng.randint(-r // 2, r // 2), rng.randint(-r // 2, r // 4)
        rr = rng.randint(r // 3, r // 2)
        draw.ellipse([x + dx - rr, y + dy - rr, x + dx + rr, y + dy + rr], fill=(50, 120, 45))


def _leaf(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    green = rng.choice([(110, 180, 70), (80, 150, 60), (150, 200, 90)])
    angle = rng.uniform(0, math.pi)
    dx, dy = math.cos(angle) * r, math.sin(angle) * r
    draw.polygon(
        [(x - dx, y - dy), (x - dy * 0.4, y + dx * 0.4), (x + dx, y + dy), (x + dy * 0.4, y - dx * 0.4)],
        fill=green,
    )  # fmt: skip
    draw.line([x - dx, y - dy, x + dx, y + dy], fill=_shade(green, 0.75), width=2)


def _carrot(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    angle = rng.uniform(0, 2 * math.pi)
    tip = (x + math.cos(angle) * r * 1.6, y + math.sin(angle) * r * 1.6)
    side = angle + math.pi / 2
    base1 = (x + math.cos(side) * r * 0.45, y + math.sin(side) * r * 0.45)
    base2 = (x - math.cos(side) * r * 0.45, y - math.sin(side) * r * 0.45)
    draw.polygon([tip, base1, base2], fill=(240, 130, 30))
    back = (x - math.cos(angle) * r * 0.5, y - math.sin(angle) * r * 0.5)
    draw.line([x, y, *back], fill=(70, 140, 50), width=max(3, r // 5))


def _eggplant(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, rng: random.Random) -> None:
    draw.ellipse([x - r * 0.6, y - r, x + r * 0.6, y + r], fill=(90, 40, 110))
    draw.ellipse([x - r * 0.35, y - r * 0.7, x - r * 0.1, y - r * 0.1], fill=(130, 80, 150))
    draw.polygon([(x - r * 0.4, y - r), (x + r * 0.4, y - r), (x, y - r * 0.6)], fill=(70, 110, 50))


SHAPES = [_tomato, _slice, _broccoli, _leaf, _carrot, _eggplant]


def _plate(image: Image.Image, rng: random.Random) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    cx, cy, r = (
        width // 2 + rng.randint(-40, 40),
        height // 2 + rng.randint(-20, 20),
        height // 2 - 40,
    )
    draw.ellipse([cx - r + 10, cy - r + 14, cx + r + 10, cy + r + 14], fill=(120, 110, 100))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(246, 246, 242))
    draw.ellipse([cx - r * 0.78, cy - r * 0.78, cx + r * 0.78, cy + r * 0.78], fill=(236, 236, 230))
    shapes = rng.sample(SHAPES, 3)
    for _ in range(rng.randint(16, 26)):
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, r * 0.55)
        x, y = int(cx + math.cos(angle) * dist), int(cy + math.sin(angle) * dist)
        rng.choice(shapes)(draw, x, y, rng.randint(r // 8, r // 4), rng)


def _bowl(image: Image.Image, rng: random.Random) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    cx, cy, r = width // 2 + rng.randint(-60, 60), height // 2, height // 2 - 60
    draw.ellipse([cx - r + 12, cy - r + 16, cx + r + 12, cy + r + 16], fill=(110, 100, 90))
    bowl = rng.choice([(250, 250, 248), (60, 70, 90), (190, 120, 80)])
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=bowl)
    soup = rng.choice(SOUPS)
    sr = int(r * 0.82)
    draw.ellipse([cx - sr, cy - sr, cx + sr, cy + sr], fill=soup)
    draw.arc(
        [cx - sr // 2, cy - sr // 2, cx + sr // 2, cy + sr // 2],
        20,
        250,
        fill=(252, 248, 235),
        width=6,
    )
    for _ in range(rng.randint(8, 18)):  # parsley and croutons
        x, y = cx + rng.randint(-sr // 2, sr // 2), cy + rng.randint(-sr // 2, sr // 2)
        colour = rng.choice([(60, 130, 50), (60, 130, 50), (220, 180, 110)])
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=colour)
    _tomato(draw, cx + r + 70, cy - r // 2, 40, rng)


def _glass(image: Image.Image, rng: random.Random) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(height * 0.62), width, height], fill=rng.choice(WOODS))
    juice = rng.choice(JUICES)
    for i in range(rng.randint(1, 2)):
        gx = width // 3 + i * width // 4 + rng.randint(-20, 20)
        top, bottom, w = int(height * 0.2), int(height * 0.78), 110
        draw.rectangle(
            [gx - w // 2 + 8, bottom - 6, gx + w // 2 + 8, bottom + 10], fill=(90, 70, 55)
        )
        draw.rectangle([gx - w // 2, top, gx + w // 2, bottom], fill=(235, 242, 245))
        draw.rectangle([gx - w // 2 + 6, top + 40, gx + w // 2 - 6, bottom - 6], fill=juice)
        draw.rectangle(
            [gx - w // 2 + 12, top + 50, gx - w // 2 + 22, bottom - 20], fill=_shade(juice, 1.35)
        )
        draw.line([gx + 20, top - 60, gx + 5, bottom - 30], fill=(60, 160, 90), width=8)
    for _ in range(rng.randint(2, 4)):
        x = rng.randint(width // 2 + 120, width - 60)
        y = rng.randint(int(height * 0.66), height - 60)
        rng.choice([_tomato, _carrot, _broccoli])(draw, x, y, rng.randint(28, 44), rng)


def _harvest(image: Image.Image, rng: random.Random) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(14, 22)):
        x, y = rng.randint(60, width - 60), rng.randint(60, height - 60)
        rng.choice(SHAPES)(draw, x, y, rng.randint(40, 80), rng)


SCENES = {"plate": _plate, "bowl": _bowl, "glass": _glass, "harvest": _harvest}


def _jpeg_upload(image: Image.Image, name: str) -> SimpleUploadedFile:
    image = image.filter(ImageFilter.SMOOTH)  # soften the drawn edges a little, cheaply
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def food_photo(rng: random.Random, scene: str | None = None, size=(960, 720)) -> SimpleUploadedFile:
    """A food photo as an upload: a plate, a bowl of soup, glasses of juice or a harvest."""
    scene = scene or rng.choice(list(SCENES))
    image = _background(rng, size)
    SCENES[scene](image, rng)
    return _jpeg_upload(image, f"IMG_{rng.randint(1000, 9999)}.jpg")


def icon_picture(rng: random.Random, edge: int = 384) -> SimpleUploadedFile:
    """A member icon: one big vegetable on a pastel background."""
    image = Image.new("RGB", (edge, edge), rng.choice(PASTELS))
    draw = ImageDraw.Draw(image)
    shape = rng.choice([_tomato, _broccoli, _carrot, _eggplant, _slice])
    shape(draw, edge // 2, edge // 2 + edge // 12, edge // 4, rng)
    return _jpeg_upload(image, "icon.jpg")


def logo_picture(edge: int = 256) -> SimpleUploadedFile:
    """The community logo: a tomato on a leaf-green disc."""
    rng = random.Random(7)
    image = Image.new("RGB", (edge, edge), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, edge - 8, edge - 8], fill=(76, 150, 70))
    _tomato(draw, edge // 2, edge // 2 + 12, edge // 4, rng)
    return _jpeg_upload(image, "logo.jpg")
