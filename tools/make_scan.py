"""Make a "scanned" copy of a PDF: every page a noisy, slightly skewed picture, no text layer.

The OCR tests and the README's accuracy figures read `tests/fixtures/scans/letter_scan.pdf`,
made from the seed letter with this script's defaults:

    .venv/bin/python -m tools.make_scan corpus/pdfs/svar-vedr-overtagelse-af-integrationsansvar.pdf \
        tests/fixtures/scans/letter_scan.pdf

What a cheap office scanner does, reproducibly (a fixed random seed): pages rendered at 200 dpi
in greyscale (pypdfium2), turned by a small skew (alternating +/- `skew` degrees), Gaussian
noise and a sprinkle of dark specks added, cut to black and white at a threshold (as office
scanners store text pages: small, CCITT-compressed), saved in a PDF (Pillow) with no text.
Page `sideways` (1-based, 0 for none) lies sideways in the image (turned 90 degrees), as a page
fed into the scanner the wrong way does: Tesseract's orientation detection must turn it upright.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def scan_page(
    page: pdfium.PdfPage, dpi: int, skew: float, noise: float, rng: np.random.Generator,
    threshold: int = 150,
) -> Image.Image:  # fmt: skip
    """One page as a noisy black-and-white picture turned by `skew` degrees."""
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    pixels += rng.normal(0.0, noise, pixels.shape)
    specks = rng.random(pixels.shape) < 0.0015
    pixels[specks] = rng.uniform(0, 90, int(specks.sum()))
    grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    return grey.point(lambda v: 255 if v > threshold else 0, mode="1")  # a bilevel scan


def make_scan(
    source: Path, target: Path, *, dpi: int = 200, skew: float = 1.2, noise: float = 18.0,
    sideways: int = 2, seed: int = 13,
) -> Path:  # fmt: skip
    """Write the scanned copy of `source` to `target` and return it."""
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(source)
    images = []
    try:
        for n in range(len(doc)):
            page = doc[n]
            image = scan_page(page, dpi, skew if n % 2 == 0 else -skew, noise, rng)
            page.close()
            if n + 1 == sideways:
                image = image.transpose(Image.Transpose.ROTATE_90)
            images.append(image)
    finally:
        doc.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--skew", type=float, default=1.2)
    parser.add_argument("--noise", type=float, default=18.0)
    parser.add_argument("--sideways", type=int, default=2, help="1-based page, 0 for none")
    args = parser.parse_args()
    out = make_scan(
        args.source, args.target, dpi=args.dpi, skew=args.skew, noise=args.noise,
        sideways=args.sideways,
    )  # fmt: skip
    print(f"{out}: {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
