"""caremarket reindex-catalogue: rewrite every search document from the live versions."""

from django.db import transaction

from caremarket.audit.services import audit_record
from caremarket.catalogue.services import index_rebuild
from caremarket.core.actor import Actor
from caremarket.core.commands import CaremarketCommand


class Command(CaremarketCommand):
    help = "Rewrite the catalogue's search documents (after suppliers' names change, say)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = index_rebuild()
            audit_record(
                actor=Actor.system("reindex-catalogue"),
                action="catalogue.reindexed",
                object_type="catalogue.searchdocument",
                after={"documents": count},
            )
        self.console.print(f"{count:,} search documents written.")
