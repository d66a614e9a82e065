"""Projects to start a passport from: the common kinds of reconstruction, each with a worked example."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.codes import ProjectType, Purpose


@dataclass(frozen=True)
class Starter:
    """A worked example of a passport's first step, to be changed into the community's own."""

    name: Promise
    title_uk: str
    description_uk: str
    purpose: str
    type: str
    sector: str

    def initial(self) -> dict[str, str]:
        """Return the values the form starts with."""
        return {
            "title_uk": self.title_uk,
            "description_uk": self.description_uk,
            "purpose": self.purpose,
            "type": self.type,
            "sector": self.sector,
        }


STARTERS = {
    "school": Starter(
        _("Repair of a damaged school"),
        "Капітальний ремонт ліцею № …, с. …",
        "Будівля ліцею пошкоджена внаслідок обстрілу: зруйновано покрівлю та вікна. Проєкт відновлює покрівлю, "
        "замінює вікна й утеплює фасад, щоб навчання відновилося для … учнів.",
        Purpose.RESTORATION,
        ProjectType.REHABILITATION,
        "ES",
    ),
    "water": Starter(
        _("Reconstruction of a water main"),
        "Реконструкція водогону, с. …",
        "Водогін пошкоджено під час бойових дій, … мешканців без централізованого водопостачання. Проєкт замінює "
        "… км труб і відновлює насосну станцію.",
        Purpose.RESTORATION,
        ProjectType.REHABILITATION,
        "WC",
    ),
    "clinic": Starter(
        _("Equipment for an outpatient clinic"),
        "Закупівля обладнання для амбулаторії, с. …",
        "Обладнання амбулаторії знищене. Проєкт закуповує діагностичне обладнання, щоб … мешканців отримували "
        "первинну допомогу на місці.",
        Purpose.RESTORATION,
        ProjectType.EQUIPMENT,
        "HQ",
    ),
    "bridge": Starter(
        _("Rebuilding a bridge"),
        "Відбудова мосту через річку …, с. …",
        "Міст зруйновано, громада відрізана від районного центру. Проєкт відбудовує міст довжиною … м.",
        Purpose.RESTORATION,
        ProjectType.CONSTRUCTION,
        "TI",
    ),
}
