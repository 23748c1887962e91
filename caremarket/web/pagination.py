from urllib.parse import urlencode

from django.core.paginator import Paginator


def paginate(request, items, per_page: int = 25):
    """A page of `items` and the NHS.UK pagination links, keeping the other query values."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return "?" + urlencode(sorted(query.items()))

    nav = {}
    if page.has_previous():
        nav["previous"] = {
            "href": link(page.previous_page_number()),
            "labelText": f"Page {page.previous_page_number()}",
        }
    if page.has_next():
        nav["next"] = {"href": link(page.next_page_number()), "labelText": f"Page {page.next_page_number()}"}
    return page, nav
