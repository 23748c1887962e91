"""The audit chain checked against the anchors in published releases: a database whose chain was
rewritten (an event changed and every hash after it recomputed, so `audit verify` alone passes)
is caught against the releases already published."""

import gzip
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from caremarket.audit.chain import hash_of
from caremarket.audit.models import AuditBatch, AuditChainHead, AuditEvent
from caremarket.audit.published import PublishedFileError, verify_against_published
from caremarket.audit.sealer import seal_pending
from caremarket.audit.tests.tampering import triggers_disabled
from caremarket.audit.verify import verify_now
from caremarket.orgs.factories import actor_for, make_organisation, make_person
from caremarket.rules.audit_seal import checkpoint_hash, merkle_root
from caremarket.rules.roles import Role, Sector
from caremarket.transparency.factories import example_content
from caremarket.transparency.models import Release
from caremarket.transparency.ocds import builder
from caremarket.transparency.services import notice_draft, notice_publish

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def published():
    """Three published notices of one process; returns their releases' data, oldest first."""
    with time_machine.travel(START, tick=False):
        buyer = make_organisation(Sector.BUYER, code="QH8", name="Mid and South Essex ICB")
        lead = make_person(email="lead@anchor.example", roles=[(buyer, Role.PROCUREMENT_LEAD)])
        actor = actor_for(lead, buyer)
        for code in ("UK4", "UK6", "UK7"):
            # The sealer runs after each commit: each release anchors the newest checkpoint.
            seal_pending()
            notice = notice_draft(
                actor=actor,
                publisher=buyer,
                notice_type_code=code,
                process_id="CMP-000001",
                content=example_content(code),
            )
            notice_publish(actor=actor, notice=notice)
    return [r.data for r in Release.objects.order_by("pk")]


def rewrite_chain_from(number: int) -> None:
    """What someone with the database could do: change an event of batch `number`, and
    recompute its hash, the batch's root and checkpoint, every later checkpoint and the head,
    so the log verifies again."""
    with triggers_disabled() as cursor:
        previous = AuditBatch.objects.get(number=number).prev_hash
        for batch in AuditBatch.objects.filter(number__gte=number).order_by("number"):
            events = list(AuditEvent.objects.filter(batch=batch).order_by("id"))
            if batch.number == number:
                event = events[0]
                event.object_repr = "Quietly changed"
                event.hash = hash_of(event)
                cursor.execute(
                    "UPDATE audit_auditevent SET object_repr = %s, hash = %s WHERE id = %s",
                    [event.object_repr, event.hash, event.pk],
                )
            root = merkle_root([e.hash for e in events])
            digest = checkpoint_hash(previous, batch.number, root, batch.count)
            cursor.execute(
                "UPDATE audit_auditbatch SET root = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [root, previous, digest, batch.pk],
            )
            previous = digest
        AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def test_every_release_carries_the_audit_head_and_the_database_agrees(published):
    anchors = [data["auditAnchor"] for data in published]
    assert [a["sequence"] for a in anchors] == sorted(a["sequence"] for a in anchors)
    for anchor in anchors:
        assert AuditBatch.objects.get(number=anchor["sequence"]).hash == anchor["hash"]
    report = verify_against_published()
    assert report.ok
    assert (report.checked, report.unanchored) == (3, 0)
    assert report.newest_sequence == anchors[-1]["sequence"]


def test_a_rewritten_chain_verifies_alone_but_not_against_the_releases(published):
    _, second, third = (data["auditAnchor"]["sequence"] for data in published)
    rewrite_chain_from(second)  # the event the second release anchored, and all after it
    assert verify_now().ok  # the rewrite is consistent: the chain alone cannot tell
    report = verify_against_published()
    assert not report.ok
    assert {(p.release_id, p.sequence) for p in report.problems} == {
        (published[1]["id"], second),
        (published[2]["id"], third),
    }
    assert all("no longer has the hash that was published" in p.reason for p in report.problems)


def test_a_release_whose_stored_anchor_was_changed_is_reported(published):
    release = Release.objects.order_by("pk").last()
    Release.objects.filter(pk=release.pk).update(audit_seq=1)
    (problem,) = verify_against_published().problems
    assert problem.release_id == release.release_id
    assert "not the one stored with it" in problem.reason


def _package(releases: list[dict]) -> dict:
    return builder.release_package(releases, uri="https://caremarket.example/p", published=START)


def test_a_downloaded_release_package_is_checked_against_the_chain(published, tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(_package(published), indent=2))
    report = verify_against_published(path)
    assert report.ok and report.checked == 3 and report.source == "package.json"
    rewrite_chain_from(published[2]["auditAnchor"]["sequence"])
    # The database's releases were rewritten with the chain: the copy downloaded before is not.
    for release in Release.objects.all():
        data = dict(release.data)
        data["auditAnchor"] = {"sequence": release.audit_seq, "hash": "f" * 64}
        Release.objects.filter(pk=release.pk).update(data=data)
    (problem,) = verify_against_published(path).problems
    assert (problem.release_id, problem.sequence) == (
        published[2]["id"],
        published[2]["auditAnchor"]["sequence"],
    )


def test_a_record_package_and_the_bulk_download_are_read(published, tmp_path):
    record = {"ocid": published[0]["ocid"], "releases": published, "compiledRelease": {}}
    records_path = tmp_path / "records.json"
    records_path.write_text(json.dumps({"uri": "u", "records": [record]}))
    bulk = tmp_path / "releases.jsonl.gz"
    with gzip.open(bulk, "wt", encoding="utf-8") as out:
        for data in published:
            out.write(json.dumps(data) + "\n")
    imported = {**published[0], "id": "other-publisher-1"}
    imported.pop("auditAnchor")
    lines = tmp_path / "mixed.jsonl"
    lines.write_text("\n".join(json.dumps(d) for d in [*published, imported]) + "\n")
    assert verify_against_published(records_path).checked == 3
    assert verify_against_published(bulk).checked == 3
    report = verify_against_published(lines)
    assert report.ok and (report.checked, report.unanchored) == (3, 1)
    rewrite_chain_from(1)
    assert verify_against_published(bulk).problem_count == 3


def test_a_file_that_is_not_a_package_is_refused(tmp_path):
    path = tmp_path / "nonsense.json"
    path.write_text('["not", "a", "package"]')
    with pytest.raises(PublishedFileError):
        verify_against_published(path)
    path.write_text("{not json")
    with pytest.raises(PublishedFileError):
        verify_against_published(path)


def test_the_command_reports_clean_anchors(published, capsys):
    call_command("audit", "verify", "--against-published")
    out = " ".join(capsys.readouterr().out.split())  # as one line, however the console wrapped it
    assert "The audit chain is intact" in out
    assert "The published releases agree with the audit chain: 3 anchors in the database checked" in out


def test_the_command_names_the_releases_of_a_rewritten_chain_and_fails(published, tmp_path, capsys):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(_package(published)))
    rewrite_chain_from(published[1]["auditAnchor"]["sequence"])
    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify", "--against-published", str(path))
    assert exited.value.code == 1
    captured = capsys.readouterr()
    out, err = " ".join(captured.out.split()), " ".join(captured.err.split())
    assert "The audit chain is intact" in out  # the rewrite fools the walk alone
    assert "2 of 3 published releases in package.json disagree with the audit chain" in err
    assert published[1]["id"] in err and published[2]["id"] in err


def test_the_command_refuses_an_unreadable_file(db, tmp_path, capsys):
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--against-published", str(tmp_path / "missing.json"))
    assert "cannot be read" in capsys.readouterr().err


def test_the_verify_page_shows_the_newest_anchor_and_whether_it_holds(published, client):
    platform = make_organisation(Sector.PLATFORM, code="PLAT")
    client.force_login(make_person(email="auditor@anchor.example", roles=[(platform, Role.AUDITOR)]))
    newest = published[-1]
    page = " ".join(client.get("/audit/verify").content.decode().split())
    assert f"The newest, {newest['id']} (published 2 December 2026), carries checkpoint #" in page
    assert "still has that hash" in page
    rewrite_chain_from(newest["auditAnchor"]["sequence"])
    page = " ".join(client.get("/audit/verify").content.decode().split())
    assert "no longer has that hash: the chain has been rewritten" in page
