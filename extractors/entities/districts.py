"""The district check boxes of a budget note ("Bydele": Bispebjerg ☐ Indre by ☒ ...).

Each box follows its label; a ticked box (☒ ☑ ✓ ✔ ■ or [x]) marks the district. The
labels are read from the text between boxes, so districts not in any list still come out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from munidocs.extractors.entities.base import Hit

TICKED = "☒☑✓✔■"
UNTICKED = "☐□"
_BOX = re.compile(rf"\[\s*[xX]\s*\]|\[\s*\]|[{TICKED}{UNTICKED}]")


@dataclass(frozen=True)
class DistrictBoxes:
    """The check-box block of one page: ticked districts (as LOC hits) and its extent."""

    ticked: list[Hit]
    region: tuple[int, int] | None


def _is_ticked(box: str) -> bool:
    return box in TICKED or box.replace(" ", "").lower() == "[x]"


def find_districts(text: str) -> DistrictBoxes:
    """Ticked district boxes of a page; `region` spans the whole box block."""
    boxes = list(_BOX.finditer(text))
    if len(boxes) < 2:
        return DistrictBoxes([], None)
    ticked: list[Hit] = []
    region_start = boxes[0].start()
    prev_end = None
    for box in boxes:
        if prev_end is None:
            # the first label: the last word(s) before the first box, after any heading
            head = text[max(0, box.start() - 60) : box.start()]
            words = head.split()
            label_words = words[-1:] if words else []
            segment_start = (
                box.start() - len(head) + head.rfind(label_words[0]) if words else box.start()
            )
        else:
            segment_start = prev_end
        segment = text[segment_start : box.start()]
        label = segment.strip().rstrip(":").strip()
        label_start = segment_start + (len(segment) - len(segment.lstrip()))
        if prev_end is None:
            region_start = label_start
        if label and _is_ticked(box.group()):
            # "Bydækkende:" (city-wide) is a category, not a place: a district, no LOC entity
            label_type = "CATEGORY" if segment.strip().endswith(":") else "LOC"
            ticked.append(
                Hit(label_start, label_start + len(label), label_type, label, label, "district")
            )
        prev_end = box.end()
    return DistrictBoxes(ticked, (region_start, boxes[-1].end()))
