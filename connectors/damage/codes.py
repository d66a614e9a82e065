"""The damage register's codelists: what kind of object was damaged, and how badly."""

from django.db import models


class ObjectType(models.TextChoices):
    """The kind of a damaged object; an export gives the code or the Ukrainian name."""

    PRIVATE_HOUSE = "private_house", "Приватний житловий будинок"
    APARTMENT_BUILDING = "apartment_building", "Багатоквартирний житловий будинок"
    DORMITORY = "dormitory", "Гуртожиток"
    KINDERGARTEN = "kindergarten", "Заклад дошкільної освіти"
    SCHOOL = "school", "Заклад загальної середньої освіти"
    VOCATIONAL_OR_HIGHER_EDUCATION = "vocational_or_higher_education", "Заклад професійної або вищої освіти"
    HOSPITAL = "hospital", "Лікарня"
    OUTPATIENT_CLINIC = "outpatient_clinic", "Поліклініка, амбулаторія"
    ADMINISTRATIVE_BUILDING = "administrative_building", "Адміністративна будівля"
    CULTURAL_FACILITY = "cultural_facility", "Заклад культури"
    SPORTS_FACILITY = "sports_facility", "Спортивна споруда"
    ROAD = "road", "Автомобільна дорога"
    BRIDGE = "bridge", "Міст, шляхопровід"
    RAILWAY = "railway", "Залізнична інфраструктура"
    WATER_NETWORK = "water_network", "Мережа водопостачання"
    SEWERAGE_NETWORK = "sewerage_network", "Мережа водовідведення"
    HEATING_NETWORK = "heating_network", "Теплова мережа, котельня"
    POWER_FACILITY = "power_facility", "Об'єкт електроенергетики"
    GAS_NETWORK = "gas_network", "Газова мережа"
    INDUSTRIAL_FACILITY = "industrial_facility", "Промисловий об'єкт"
    COMMERCIAL_FACILITY = "commercial_facility", "Об'єкт торгівлі та послуг"
    AGRICULTURAL_FACILITY = "agricultural_facility", "Сільськогосподарський об'єкт"
    OTHER = "other", "Інше"


# The objects people live in: a blank owner_is_private on a private house means the owner is a private person.
RESIDENTIAL = frozenset({ObjectType.PRIVATE_HOUSE, ObjectType.APARTMENT_BUILDING, ObjectType.DORMITORY})


class DamageCategory(models.TextChoices):
    """How badly an object was hit, as the register classes it."""

    DAMAGED = "damaged", "Пошкоджено"
    DESTROYED = "destroyed", "Знищено"
