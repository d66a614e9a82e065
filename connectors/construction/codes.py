"""ЄДЕССБ's codelists: the kinds of document it registers and the classes of consequences of the works."""

from django.db import models


class DocumentKind(models.TextChoices):
    """What a registered document is; an export gives the code or the Ukrainian name."""

    CONSTRUCTION_NOTICE = "construction_notice", "Повідомлення про початок виконання будівельних робіт"
    CONSTRUCTION_PERMIT = "construction_permit", "Дозвіл на виконання будівельних робіт"
    READINESS_DECLARATION = "readiness_declaration", "Декларація про готовність об'єкта до експлуатації"
    COMMISSIONING_CERTIFICATE = "commissioning_certificate", "Сертифікат про прийняття в експлуатацію"


class ConsequenceClass(models.TextChoices):
    """The class of consequences (CC, responsibility) of the works, by the building norms DBN V.1.2-14."""

    CC1 = "CC1", "СС1, незначні наслідки"
    CC2 = "CC2", "СС2, середні наслідки"
    CC3 = "CC3", "СС3, значні наслідки"


# Works of minor consequences start with a notice and end with a declaration; the others need a permit and a
# certificate.
CLASSES_OF_KIND = {
    DocumentKind.CONSTRUCTION_NOTICE: frozenset({ConsequenceClass.CC1}),
    DocumentKind.READINESS_DECLARATION: frozenset({ConsequenceClass.CC1}),
    DocumentKind.CONSTRUCTION_PERMIT: frozenset({ConsequenceClass.CC2, ConsequenceClass.CC3}),
    DocumentKind.COMMISSIONING_CERTIFICATE: frozenset({ConsequenceClass.CC2, ConsequenceClass.CC3}),
}

# The documents that end the works, and so carry the date the object was taken into use.
COMPLETING = frozenset({DocumentKind.READINESS_DECLARATION, DocumentKind.COMMISSIONING_CERTIFICATE})
