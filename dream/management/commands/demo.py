from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from rich.progress import Progress

from dream.commands import DreamCommand
from dream.demo.builder import DEMO_PASSWORD, DemoBuilder
from parties.models import Membership
from projects.models import Project


class Command(DreamCommand):
    help = (
        "Build demonstration data through the services: organisations, one user per role, projects, and funding calls."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--projects", type=int, default=200, help="How many projects to build (default 200).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument(
            "--communities", type=int, default=0, help="How many communities (default: one per ten projects, 20-1500)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the bank already holds projects.")
        parser.add_argument("--accounts", action="store_true", help="Only print how to sign in as each role.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"]:
            self.print_accounts()
            return
        if options["projects"] < 0:
            raise CommandError("--projects must be zero or more.")
        if options["if_empty"] and Project.objects.exists():
            self.stdout.write("The bank already holds projects: no demonstration data added.")
            return
        if Project.objects.exists():
            raise CommandError(
                "The bank already holds projects. Demonstration data goes into an empty database: "
                "remove the database file (or use a new DATABASE_URL), migrate, and run this again."
            )

        communities = options["communities"] or max(20, min(1500, options["projects"] // 10))
        builder = DemoBuilder(seed=options["seed"])
        builder.build_cast(communities=communities)
        with Progress(disable=options["verbosity"] == 0) as progress:
            task = progress.add_task("Building projects", total=options["projects"])
            builder.build_projects(options["projects"], progress=lambda done: progress.advance(task, done))
        calls = builder.build_calls()
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {options['projects']} projects for {communities} communities and {len(calls)} funding calls "
                f"(seed {options['seed']})."
            )
        )

    def print_accounts(self) -> None:
        memberships = (
            Membership.objects.filter(user__username__startswith="demo-")
            .select_related("user", "organisation")
            .order_by("user__username")
        )
        self.stdout.write("Demonstration accounts (demo data only; a real deployment has none):")
        for membership in memberships:
            password = DEMO_PASSWORD.format(role=membership.role)
            self.stdout.write(
                f"  {membership.get_role_display():<18} user {membership.user.username:<26} password {password:<30} "
                f"for {membership.organisation.name_uk}"
            )
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/accounts/login/ (the operator also at /admin/); "
            "API tokens for machine clients: dream tokens issue USER --name NAME"
        )
