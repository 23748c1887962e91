"""The catalogue's pages, added to the web app's urls."""

from django.urls import path

from caremarket.web.views import catalogue, catalogue_buying, catalogue_listings

urlpatterns = [
    path("catalogue", catalogue.search, name="catalogue"),
    path("catalogue/compare", catalogue.compare, name="catalogue-compare"),
    path("catalogue/services/<int:listing_id>", catalogue.listing, name="catalogue-listing"),
    path("catalogue/services/<int:listing_id>/versions", catalogue.versions, name="catalogue-versions"),
    path("catalogue/services/<int:listing_id>/edit", catalogue_listings.edit_listing, name="catalogue-edit"),
    path("catalogue/services/<int:listing_id>/prices", catalogue_listings.prices, name="catalogue-prices"),
    path("catalogue/services/<int:listing_id>/submit", catalogue_listings.submit, name="catalogue-submit"),
    path(
        "catalogue/services/<int:listing_id>/withdraw", catalogue_listings.withdraw, name="catalogue-withdraw"
    ),
    path("catalogue/services/<int:listing_id>/review", catalogue_listings.review, name="catalogue-review"),
    path("catalogue/your-services", catalogue_listings.my_services, name="catalogue-my-services"),
    path("catalogue/your-services/new", catalogue_listings.new_listing, name="catalogue-new"),
    path("catalogue/approvals", catalogue_listings.approvals, name="catalogue-approvals"),
    path(
        "catalogue/price-list-template.csv",
        catalogue_buying.prices_template,
        name="catalogue-prices-template",
    ),
    path("catalogue/shortlists", catalogue_buying.shortlists, name="catalogue-shortlists"),
    path("catalogue/shortlists/<int:shortlist_id>", catalogue_buying.shortlist, name="catalogue-shortlist"),
    path(
        "catalogue/shortlists/<int:shortlist_id>/lock",
        catalogue_buying.shortlist_lock,
        name="catalogue-shortlist-lock",
    ),
    path(
        "catalogue/shortlists/<int:shortlist_id>/remove/<int:listing_id>",
        catalogue_buying.shortlist_remove,
        name="catalogue-shortlist-remove",
    ),
    path(
        "catalogue/shortlists/<int:shortlist_id>/download.<str:extension>",
        catalogue_buying.shortlist_download,
        name="catalogue-shortlist-download",
    ),
    path("catalogue/advisors", catalogue_buying.advisors, name="catalogue-advisors"),
    path(
        "catalogue/advisors/your-entry", catalogue_buying.advisor_nominate, name="catalogue-advisor-nominate"
    ),
    path("catalogue/benchmarks", catalogue_buying.benchmarks, name="catalogue-benchmarks"),
]
