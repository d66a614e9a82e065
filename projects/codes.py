"""The real system's codelists for projects, kept as facts in code (names in Ukrainian and English)."""

from django.db import models


class Status(models.TextChoices):
    """The project's status (initiationStatuses)."""

    PENDING = "pending", "Ініціація / Pending"
    ACTIVE = "active", "Виконання / Active"
    COMPLETE = "complete", "Успішно завершено / Complete"
    CANCELLED = "cancelled", "Відмінено / Cancelled"
    UNSUCCESSFUL = "unsuccessful", "Неуспішно завершено / Unsuccessful"


class StatusDetail(models.TextChoices):
    """Where the project stands within its status (statusDetails), and why a closed project closed."""

    INITIATED = "initiated", "Ідея зареєстрована / Initiated"
    DEFINITION = "definition", "Визначення / Definition"
    DEFINED = "defined", "Визначено / Defined"
    APPRAISAL = "appraisal", "Оцінка / Appraisal"
    APPRAISED = "appraised", "Оцінено / Appraised"
    STRUCTURING = "structuring", "Структурування / Structuring"
    STRUCTURED = "structured", "Структуровано / Structured"
    APPLIED = "applied", "Подано на фінансування / Applied"
    APPROVED = "approved", "Затверджено / Approved"
    REFUSED = "refused", "Відмовлено / Refused"
    IMPLEMENTATION = "implementation", "Реалізація / Implementation"
    COMMISSIONED = "commissioned", "Введено в експлуатацію / Commissioned"
    WITHDRAWN = "withdrawn", "Відкликано ініціатором / Withdrawn by the initiator"
    TERMINATED = "terminated", "Припинено / Terminated"


class Purpose(models.TextChoices):
    """Why the project exists (initiationPurpose)."""

    RESTORATION = "restoration", "Проект відновлення / Restoration"
    DEVELOPMENT = "development", "Проект розвитку / Development"


class ProjectType(models.TextChoices):
    """What kind of work the project does (initiationTypes)."""

    REHABILITATION = "rehabilitation", "Реконструкція, модернізація, ремонт / Rehabilitation"
    CONSTRUCTION = "construction", "Нове будівництво / Construction"
    EQUIPMENT = "equipment", "Постачання товарів та послуг / Equipment"
    REPLACEMENT = "replacement", "Заміна / Replacement"
    EXPANSION = "expansion", "Розширення / Expansion"


class FundingSourceCategory(models.TextChoices):
    """Where money for the project comes from (fundingSourceCategories)."""

    INTERNATIONAL_ORGANIZATION = "internationalOrganization", "Міжнародні організації / International organization"
    LOCAL_BUDGET = "localBudget", "Місцевий бюджет / Local budget"
    STATE_CENTRAL_BUDGET = "stateCentralBudget", "Загальний фонд державного бюджету / State central budget"
    UNITED24 = "united24", "Фонд відновлення (United24) / United24"
    LIQUIDATION_FUND = "liquidationFund", "Фонд ліквідації наслідків збройної агресії / Liquidation fund"
    STATE_RESERVE = "stateReserve", "Резервний фонд державного бюджету / State reserve"
    STATE_SUBSIDIES = "stateSubsidies", "Субвенції з державного бюджету / State subsidies"
    STATE_SPECIAL_BUDGET = "stateSpecialBudget", "Спеціальний фонд державного бюджету / State special budget"
    NATURAL_PERSON = "naturalPerson", "Фізичні особи / Natural person"
    LEGAL_ENTITY = "legalEntity", "Юридичні особи / Legal entity"
    ABROAD_STATE = "abroadState", "Іноземні держави (органи влади) / Foreign state"
    ABROAD_ENTITY = "abroadEntity", "Іноземні держави (юридичні особи) / Foreign legal entity"
    ABROAD_PERSON = "abroadPerson", "Іноземні держави (фізичні особи) / Foreign natural person"
    BILATERAL_SUPPORT = "bilateralSupport", "Кошти країн / Bilateral support"
    CENTRAL_BUDGET = "centralBudget", "Державний бюджет / Central budget"
    CHARITY_FUNDS = "charityFunds", "Благодійні фонди / Charity funds"
    DONOR_FUNDS = "donorFunds", "Донорські фонди / Donor funds"
    FUNDRAISING_PLATFORMS = "fundraisingPlatforms", "Позабюджетні кошти / Fundraising platforms"
    NONE = "none", "Відсутнє фінансування / None"
    TECH_ASSISTANCE = "techAssistance", "Кошти техдопомоги / Technical assistance"


class FundingType(models.TextChoices):
    """The broad kind of money (fundingTypes)."""

    INTERNATIONAL_PARTNERS = "internationalPartners", "Гроші міжнародних партнерів / International partners"
    STATE_FUNDS = "stateFunds", "Державні кошти / State funds"
    PRIVATE_INVESTMENTS = "privateInvestments", "Приватні кошти / Private investments"


class CostItem(models.TextChoices):
    """What a budget line pays for (costItem)."""

    DESIGN = "design", "Проєктування / Design"
    EQUIPMENT = "equipment", "Обладнання / Equipment"
    CONSTRUCTION = "construction", "Будівництво / Construction"
    RESETTLEMENT = "resettlement", "Переселення / Resettlement"
    SITE_PREPARATION = "sitePreparation", "Підготовка ділянки / Site preparation"
    MEASURES = "measures", "Заходи / Measures"
    CONTINGENCIES = "contingencies", "Непередбачені витрати / Contingencies"
    OVERHEADS = "overheads", "Накладні витрати / Overheads"
    TAXES = "taxes", "Податки / Taxes"
    FINANCING = "financing", "Фінансування / Financing"
    OPERATING = "operating", "Експлуатація / Operating"
    MAINTENANCE = "maintenance", "Обслуговування / Maintenance"
    REPLACEMENT = "replacement", "Заміна / Replacement"
    END_OF_LIFE = "endOfLife", "Виведення з експлуатації / End of life"
    PROJECT_MANAGEMENT = "projectManagement", "Управління проєктом / Project management"
    UPFRONT_FEE = "upfrontFee", "Авансовий платіж / Upfront fee"
    LAND_ACQUISITION = "landAcquisition", "Придбання землі / Land acquisition"


class CostType(models.TextChoices):
    """Whether a cost builds the asset or runs it (costType)."""

    CAPEX = "capex", "Капітальні витрати / Capital expenditure"
    OPEX = "opex", "Операційні витрати / Operating expenditure"


# The cost items that run an asset rather than build it: their default cost type is opex.
OPERATING_COST_ITEMS = frozenset({CostItem.OPERATING, CostItem.MAINTENANCE, CostItem.END_OF_LIFE})


class Currency(models.TextChoices):
    """The currencies amounts are kept in."""

    UAH = "UAH", "гривня / hryvnia"
    EUR = "EUR", "євро / euro"
    USD = "USD", "долар США / US dollar"


class DocumentType(models.TextChoices):
    """What a document or photo is (documentType)."""

    ILLUSTRATION_BEFORE = "illustrationBefore", "Фото до пошкодження / Before damage"
    ILLUSTRATION_DAMAGED = "illustrationDamaged", "Фото пошкоджень / Damage"
    ILLUSTRATION_IN_PROGRESS = "illustrationInProgress", "Фото робіт / Works in progress"
    ILLUSTRATION_VISION = "illustrationVision", "Візуалізація / Vision"
    ILLUSTRATION_COMPLETE = "illustrationComplete", "Фото завершеного об'єкта / Completed"
    ILLUSTRATION_COVER = "illustrationCover", "Обкладинка / Cover"
    ILLUSTRATION = "illustration", "Ілюстрація / Illustration"
    DOCUMENT = "document", "Документ / Document"
    DESIGN_DOCUMENT = "designDocument", "Проєктна документація / Design document"
    TECHNICAL_DOCUMENT = "technicalDocument", "Технічна документація / Technical document"
    LEGAL_DOCUMENT = "legalDocument", "Правовий документ / Legal document"
    PERMISSION_DOCUMENT = "permissionDocument", "Дозвільний документ / Permit"
    FEASIBILITY_STUDY = "feasibilityStudy", "ТЕО / Feasibility study"
    CERTIFICATION = "certification", "Сертифікат, акт введення в експлуатацію / Certification"


class AccessLevel(models.TextChoices):
    """Who may read a document (accessDetails): only open documents are published."""

    OPEN = "open", "Відкритий / Open"
    LIMITED = "limited", "Обмежений / Limited"
    RESTRICTED = "restricted", "Закритий / Restricted"


class PartyRole(models.TextChoices):
    """The part an organisation plays in a project (party roles)."""

    BALANCER = "balancer", "Балансоутримувач / Asset holder"
    AUTHOR = "author", "Автор / Author"
    INITIATOR = "initiator", "Ініціатор / Initiator"
    IMPLEMENTER = "implementer", "Виконавець / Implementer"
    PROCURING_ENTITY = "procuringEntity", "Замовник закупівлі / Procuring entity"
    TENDERER = "tenderer", "Учасник / Tenderer"
    SUPPLIER = "supplier", "Постачальник / Supplier"
    CONTRACTING_AUTHORITY = "contractingAuthority", "Замовник / Contracting authority"
    SUPERVISOR = "supervisor", "Технічний нагляд / Supervisor"
    EXPERT = "expert", "Експерт / Expert"
    DESIGNER = "designer", "Проєктувальник / Designer"


class Phase(models.TextChoices):
    """A phase of the project's plan (phaseCode), in the order they happen."""

    IDENTIFICATION = "identification", "Ідентифікація / Identification"
    SCOPING = "scoping", "Визначення обсягу / Scoping"
    HEARINGS = "hearings", "Громадські слухання / Hearings"
    BUDGETING = "budgeting", "Бюджетування / Budgeting"
    PROCUREMENT_DECISION = "procurementDecision", "Рішення про закупівлю / Procurement decision"
    PROCUREMENT = "procurement", "Закупівля / Procurement"
    CLOSURE = "closure", "Укладення договору / Closure"
    IMPLEMENTATION = "implementation", "Реалізація / Implementation"
    COMMISSIONING = "commissioning", "Введення в експлуатацію / Commissioning"
    LAUNCH = "launch", "Запуск / Launch"
    OPERATIONS = "operations", "Експлуатація / Operations"
    DISPOSAL_DECISION = "disposalDecision", "Рішення про утилізацію / Disposal decision"
    DISPOSAL = "disposal", "Утилізація / Disposal"


class IndicatorKind(models.TextChoices):
    """What an indicator counts (characteristic)."""

    NUMBER_OF_CONSUMERS = "numberOfConsumers", "Кількість користувачів / People served"
    NUMBER_OF_IDP = "numberOfIDP", "Кількість ВПО / Internally displaced people"
    OTHER = "other", "Інше / Other"
