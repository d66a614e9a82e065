from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    """The bank of projects: passports, life cycle, budgets, phases and documents."""

    name = "projects"
    verbose_name = "Projects"
