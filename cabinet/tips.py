"""The tip of each field of the guided passport: what to write, and an example. The help pages list them all."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Tip:
    """What a field asks for, and an example of a good answer."""

    field: str
    label: StrOrPromise
    tip: StrOrPromise
    example: StrOrPromise


TIPS = {
    tip.field: tip
    for tip in (
        Tip(
            "title_uk",
            _("Title in Ukrainian"),
            _("Say what is built or restored, and where, in one line a resident understands."),
            "Капітальний ремонт ліцею № 3, с. Зелене",
        ),
        Tip(
            "title_en",
            _("Title in English"),
            _("The same title for donors; leave it empty if you have no translation yet."),
            _("Major repair of Lyceum No. 3 in Zelene"),
        ),
        Tip(
            "description_uk",
            _("Description in Ukrainian"),
            _("What was damaged, what the project does about it, and who gains: three to five sentences."),
            "Дах і вікна ліцею пошкоджені обстрілом у 2022 році. Проєкт замінює покрівлю та вікна, утеплює фасад.",
        ),
        Tip(
            "description_en",
            _("Description in English"),
            _("The same description for donors; optional."),
            _("The roof and windows were damaged by shelling in 2022; the project replaces them and insulates walls."),
        ),
        Tip(
            "purpose",
            _("Purpose"),
            _("Restoration brings back what was damaged or destroyed; development builds what was not there."),
            _("Restoration"),
        ),
        Tip(
            "type",
            _("Type"),
            _("The kind of works: new construction, reconstruction, major repair, equipment and so on."),
            _("Major repair"),
        ),
        Tip(
            "sector",
            _("Sector"),
            _("The sector of the World Bank's classification (WB-ECO) that the object serves."),
            _("ES: secondary education"),
        ),
        Tip(
            "territory",
            _("KATOTTG code of the place"),
            _("The code of the settlement or hromada in the KATOTTG codifier: UA followed by 17 digits."),
            "UA32080070000050759",
        ),
        Tip(
            "address",
            _("Address"),
            _("The street address of the object, or a landmark where it has none."),
            "вул. Шевченка, 12",
        ),
        Tip(
            "latitude",
            _("Latitude"),
            _("Degrees north, with up to six decimals; copy it from a map. It puts the project on the public map."),
            "50.543100",
        ),
        Tip(
            "longitude",
            _("Longitude"),
            _("Degrees east, with up to six decimals."),
            "30.212800",
        ),
        Tip(
            "cost_item",
            _("Cost item"),
            _("What a line of the estimate pays for: design, construction works, equipment, supervision."),
            _("Construction works"),
        ),
        Tip(
            "year",
            _("Year"),
            _("The year the money is spent."),
            "2027",
        ),
        Tip(
            "amount",
            _("Amount, UAH"),
            _("The amount in hryvnias, with kopecks after a point; never negative."),
            "12500000.00",
        ),
        Tip(
            "source_category",
            _("Funding source"),
            _("Where the money comes from: the local or state budget, a donor, a loan."),
            _("Local budget"),
        ),
        Tip(
            "funding_type",
            _("Kind of money"),
            _("State funds, money of international partners, or private money."),
            _("State funds"),
        ),
        Tip(
            "is_committed",
            _("Committed"),
            _("Tick it only when the source has decided to give the money (a budget decision, a signed agreement)."),
            _("A decision of the council's session"),
        ),
        Tip(
            "phase",
            _("Phase"),
            _("A stage of the project's plan, from identification to commissioning."),
            _("Implementation"),
        ),
        Tip(
            "planned_start",
            _("Planned start"),
            _("The day the phase is planned to begin."),
            "2027-03-01",
        ),
        Tip(
            "planned_end",
            _("Planned end"),
            _("The day the phase is planned to end; not before its start."),
            "2027-11-30",
        ),
        Tip(
            "document_title",
            _("Document title"),
            _("What the document is, as its first page names it."),
            "Зведений кошторисний розрахунок",
        ),
        Tip(
            "document_type",
            _("Document type"),
            _("Photos before and after go under illustrations; estimates, designs and decisions under their types."),
            _("Cost estimate"),
        ),
        Tip(
            "access_level",
            _("Access"),
            _("Open documents are published; limited and restricted ones are read only by auditors and your team."),
            _("Open"),
        ),
        Tip(
            "file",
            _("File"),
            _("A PDF, an office document or a photo; its content is checked, not its name."),
            "kosh.pdf",
        ),
        Tip(
            "comment",
            _("Reason"),
            _("Say what must change, so the community can fix it; the reason is published with the decision."),
            _("The estimate lacks the expertise report; attach it and resubmit."),
        ),
    )
}
