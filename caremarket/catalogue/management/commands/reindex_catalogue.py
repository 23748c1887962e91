"""caremarket reindex-catalogue: rewrite every search document from the live versions."""

from caremarket.catalogue.services import index_rebuild
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Rewrite the catalogue's search documents (after suppliers' names change, say)."

    def handle(self, *args, **options):
        count = index_rebuild(actor=Actor.system("reindex-catalogue"))
        self.console.print(f"{count:,} search documents written.")
