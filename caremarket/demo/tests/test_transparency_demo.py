"""`caremarket load-demo` publishes the demo's notices through the lifecycle: an open procedure
with its tender notice (and a correction of it), contract award and contract details notices, all
valid OCDS; a contract recorded as signed 40 days ago whose contract details notice is overdue;
and Contracts Finder's sample packages imported as another publisher's notices."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from caremarket.contracts.models import Contract
from caremarket.core import clock
from caremarket.demo.transparency import CORRECTION_REASON, OPEN_TITLE, OVERDUE_REFERENCE, SAMPLES_GLOB
from caremarket.transparency.models import Notice, NoticeSource, NoticeStatus, Record, Release
from caremarket.transparency.ocds import validation

SAMPLES = Path(settings.SHARED_REFERENCE_DIR) / "ocds" / "samples"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def _overdue_codes_for(contract: Contract) -> list[str]:
    from caremarket.transparency import overdue

    return [
        late.fact.code
        for late, _ in overdue.overdue_for(contract.buyer_id)
        if late.fact.ref == contract.reference
    ]


def test_the_demo_publishes_valid_notices_with_a_correction_an_overdue_one_and_imports(demo):
    platform = Release.objects.filter(source=NoticeSource.PLATFORM)
    assert platform.count() >= 4
    for release in platform:
        assert validation.release_errors(release.data) == [], release.release_id

    # The open procedure's process: tender (corrected), award and contract notices, in order.
    tender = Notice.objects.get(title=OPEN_TITLE, notice_type="UK4", status=NoticeStatus.SUPERSEDED)
    timeline = list(
        Notice.objects.filter(ocid=tender.ocid)
        .exclude(status=NoticeStatus.DRAFT)
        .order_by("published_at", "pk")
        .values_list("notice_type", flat=True)
    )
    assert timeline == ["UK4", "UK4", "UK6", "UK7"]
    correction = tender.superseded_by
    assert correction.status == NoticeStatus.PUBLISHED
    assert correction.correction_reason == CORRECTION_REASON
    assert "visit two of the care homes" in correction.release.data["tender"]["description"]
    compiled = Record.objects.get(ocid=tender.ocid).compiled_release
    assert compiled["awards"][0]["suppliers"][0]["name"] == "Harbour Analytics Ltd"
    assert compiled["contracts"][0]["id"] == "CT-QJG-DSCR"

    # Recorded as signed 40 days ago: nothing published, so its contract details notice is overdue.
    recorded = Contract.objects.get(reference=OVERDUE_REFERENCE)
    assert (clock.today() - recorded.signed_on).days == 40
    assert not Notice.objects.filter(subject_ref=OVERDUE_REFERENCE).exists()
    assert _overdue_codes_for(recorded) == ["UK7"]

    # Contracts Finder's samples, each a notice of another publisher with its release valid.
    if not list(SAMPLES.glob(SAMPLES_GLOB)):
        pytest.skip("the Contracts Finder samples are not in the reference directory")
    imported = Notice.objects.filter(source=NoticeSource.IMPORTED)
    assert imported.count() >= 3
    assert set(imported.values_list("source_publisher", flat=True)) != {""}
    for notice in imported.select_related("release"):
        assert notice.publisher_id is None
        assert notice.status == NoticeStatus.PUBLISHED
