"""What demonstration projects look like: kinds of work with fitting titles, sectors and costs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProjectKind:
    """A kind of project: its words in both languages, sector, type, purpose and plausible cost."""

    title_uk: str
    title_en: str
    description_uk: str
    description_en: str
    sector: str
    type: str
    purpose: str
    cost_range_uah: tuple[int, int]
    weight: int
    indicator_uk: str
    indicator_en: str
    indicator_range: tuple[int, int]


# {place} is the settlement with its category ("с. Андріївка"), {place_en} its transliterated name, and {number}
# a plausible building number.
KINDS = (
    ProjectKind(
        "Капітальний ремонт ліцею № {number}, {place}",
        "Major repair of Lyceum No. {number} in {place_en}",
        "Відновлення пошкодженої будівлі ліцею: покрівля, вікна, система опалення, укриття для учнів.",
        "Restoring the damaged lyceum building: roof, windows, heating and a shelter for pupils.",
        "ES", "rehabilitation", "restoration", (8_000_000, 95_000_000), 18, "учнів", "pupils", (150, 1200),
    ),
    ProjectKind(
        "Будівництво укриття для закладу дошкільної освіти № {number}, {place}",
        "Building a shelter for kindergarten No. {number} in {place_en}",
        "Облаштування протирадіаційного укриття, щоб діти могли відвідувати садок під час тривог.",
        "A protective shelter so that children can attend the kindergarten during air-raid alerts.",
        "EC", "construction", "development", (3_000_000, 25_000_000), 10, "дітей", "children", (40, 250),
    ),
    ProjectKind(
        "Відновлення приймального відділення лікарні, {place}",
        "Restoring the emergency department of the hospital in {place_en}",
        "Ремонт і дооснащення приймального відділення після обстрілу, заміна медичного обладнання.",
        "Repairing and re-equipping the emergency department after shelling, replacing medical equipment.",
        "HQ", "rehabilitation", "restoration", (15_000_000, 180_000_000), 10, "пацієнтів на рік", "patients a year",
        (3000, 60000),
    ),
    ProjectKind(
        "Закупівля обладнання для амбулаторії, {place}",
        "Equipment for the outpatient clinic in {place_en}",
        "Постачання діагностичного обладнання та генератора для безперебійної роботи амбулаторії.",
        "Diagnostic equipment and a generator so that the outpatient clinic keeps working.",
        "HQ", "equipment", "restoration", (1_500_000, 12_000_000), 8, "мешканців", "residents", (1500, 15000),
    ),
    ProjectKind(
        "Відновлення мосту через річку, {place}",
        "Rebuilding the river bridge in {place_en}",
        "Відбудова зруйнованого мостового переходу, що з'єднує громаду з районним центром.",
        "Rebuilding the destroyed bridge that links the community with the district centre.",
        "TI", "rehabilitation", "restoration", (20_000_000, 350_000_000), 7, "транспортних засобів на добу",
        "vehicles a day", (500, 12000),
    ),
    ProjectKind(
        "Капітальний ремонт вулиці Центральної, {place}",
        "Major repair of Tsentralna Street in {place_en}",
        "Ремонт дорожнього покриття, тротуарів і вуличного освітлення, пошкоджених важкою технікою.",
        "Repairing the road surface, pavements and street lighting damaged by heavy vehicles.",
        "TC", "rehabilitation", "restoration", (4_000_000, 60_000_000), 12, "мешканців", "residents", (800, 20000),
    ),
    ProjectKind(
        "Реконструкція водогону, {place}",
        "Reconstruction of the water main in {place_en}",
        "Заміна зношених і пошкоджених ділянок водогону, відновлення насосної станції.",
        "Replacing worn and damaged sections of the water main and restoring the pumping station.",
        "WC", "rehabilitation", "restoration", (6_000_000, 120_000_000), 10, "абонентів", "customers", (1000, 40000),
    ),
    ProjectKind(
        "Модернізація котельні, {place}",
        "Modernising the boiler house in {place_en}",
        "Встановлення модульної котельні та когенераційної установки для стійкого теплопостачання.",
        "A modular boiler house and a cogeneration unit for a resilient heat supply.",
        "LT", "rehabilitation", "development", (10_000_000, 140_000_000), 9, "абонентів", "customers", (500, 25000),
    ),
    ProjectKind(
        "Відновлення багатоквартирного житлового будинку № {number}, {place}",
        "Restoring apartment building No. {number} in {place_en}",
        "Відновлення пошкодженого житлового будинку: конструкції, фасад, вікна та інженерні мережі.",
        "Restoring a damaged apartment building: structure, facade, windows and utilities.",
        "YH", "rehabilitation", "restoration", (5_000_000, 90_000_000), 10, "мешканців", "residents", (40, 400),
    ),
    ProjectKind(
        "Будівництво житла для внутрішньо переміщених осіб, {place}",
        "Housing for internally displaced people in {place_en}",
        "Будівництво соціального житла для внутрішньо переміщених осіб, які проживають у громаді.",
        "Social housing for internally displaced people living in the community.",
        "YH", "construction", "development", (30_000_000, 250_000_000), 5, "ВПО", "displaced people", (50, 600),
    ),
    ProjectKind(
        "Сонячна електростанція на даху адмінбудівлі, {place}",
        "Rooftop solar plant on the administrative building in {place_en}",
        "Встановлення сонячних панелей і накопичувачів енергії для роботи критичної інфраструктури.",
        "Solar panels and batteries to keep critical infrastructure running.",
        "LU", "equipment", "development", (1_000_000, 15_000_000), 6, "об'єктів", "facilities", (1, 12),
    ),
)  # fmt: skip

COMMUNITY_OFFICES = {"M": "міська", "X": "селищна", "C": "сільська"}

MINISTRIES = (
    ("Міністерство розвитку громад та територій України", "Ministry for Development of Communities and Territories"),
    ("Міністерство охорони здоров'я України", "Ministry of Health of Ukraine"),
    ("Міністерство освіти і науки України", "Ministry of Education and Science of Ukraine"),
)

DONORS = (
    ("Європейський інвестиційний банк", "European Investment Bank"),
    ("Європейський банк реконструкції та розвитку", "European Bank for Reconstruction and Development"),
    ("Світовий банк", "World Bank"),
    ("Німецький банк розвитку KfW", "KfW Development Bank"),
)

CONTRACTORS = (
    "ТОВ «Будівельна компанія Відновлення»",
    "ТОВ «Мостобуд-Центр»",
    "ПП «Теплоенергомонтаж»",
    "ТОВ «Водоканалбуд»",
    "ТОВ «Проєктний інститут Дніпро»",
)


# Roughly the middle of each oblast (latitude, longitude), by the KATOTTG prefix: demonstration points fall around it.
OBLAST_MIDDLES: dict[str, tuple[float, float]] = {
    "UA05": (49.05, 28.5),
    "UA07": (51.2, 25.0),
    "UA12": (48.3, 34.9),
    "UA14": (48.0, 37.8),
    "UA18": (50.6, 28.4),
    "UA21": (48.35, 23.25),
    "UA23": (47.3, 35.7),
    "UA26": (48.75, 24.5),
    "UA32": (50.3, 30.5),
    "UA35": (48.4, 32.2),
    "UA44": (48.8, 39.2),
    "UA46": (49.8, 23.9),
    "UA48": (47.3, 31.9),
    "UA51": (46.7, 30.0),
    "UA53": (49.6, 33.8),
    "UA56": (51.0, 26.4),
    "UA59": (51.0, 34.0),
    "UA61": (49.4, 25.5),
    "UA63": (49.5, 36.4),
    "UA65": (46.7, 33.5),
    "UA68": (49.5, 27.0),
    "UA71": (49.2, 31.5),
    "UA73": (48.3, 25.9),
    "UA74": (51.4, 32.1),
    "UA80": (50.45, 30.52),
}
# How far from the middle a point may fall, in degrees; the capital is one city, not an oblast.
SPREAD = {"UA80": 0.08}
DEFAULT_SPREAD = 0.35
