from django.core.management.base import BaseCommand

from portal.core.roles import roles, roles_sync


class Command(BaseCommand):
    help = "Create the staff groups (Editors, Programme officers) with their permissions."

    def handle(self, *args, **options):
        roles_sync()
        self.stdout.write("Groups up to date: " + ", ".join(roles()))
