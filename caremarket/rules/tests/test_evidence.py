import pytest

from caremarket.rules.evidence import DOCX, JPEG, ODT, PDF, PNG, XLSX, FileFacts, evidence_refusal, size_text

MB = 1024 * 1024
ZIP = b"PK\x03\x04\x14\x00"


@pytest.mark.parametrize(
    ("facts", "kind", "message"),
    [
        (FileFacts("plan.pdf", 2048, b"%PDF-1.7\n"), PDF, None),
        (FileFacts("PLAN.PDF", 2048, b"%PDF-1.4\n"), PDF, None),
        (FileFacts("logo.png", 100, b"\x89PNG\r\n\x1a\n\x00"), PNG, None),
        (FileFacts("photo.jpeg", 100, b"\xff\xd8\xff\xe0"), JPEG, None),
        (FileFacts("photo.jpg", 100, b"\xff\xd8\xff\xe1"), JPEG, None),
        (FileFacts("cv.docx", 100, ZIP, frozenset({"[Content_Types].xml", "word/document.xml"})), DOCX, None),
        (FileFacts("prices.xlsx", 100, ZIP, frozenset({"xl/workbook.xml"})), XLSX, None),
        (
            FileFacts(
                "policy.odt", 100, ZIP, frozenset({"mimetype"}), "application/vnd.oasis.opendocument.text"
            ),
            ODT,
            None,
        ),
        (FileFacts("plan.pdf", 0, b""), None, "plan.pdf is empty"),
        (
            FileFacts("plan.pdf", 11 * MB, b"%PDF-"),
            None,
            "plan.pdf is 11.0 MB: files must be 10.0 MB or smaller",
        ),
        (FileFacts("tool.exe", 100, b"MZ\x90\x00"), None, "tool.exe is not a file type we accept"),
        (FileFacts("README", 100, b"hello"), None, "README is not a file type we accept"),
        (FileFacts("tool.pdf", 100, b"MZ\x90\x00"), None, "tool.pdf is not a real PDF file"),
        (
            FileFacts("cv.docx", 100, ZIP, frozenset({"xl/workbook.xml"})),
            None,
            "cv.docx is not a real DOCX file",
        ),
        (
            FileFacts("archive.odt", 100, ZIP, frozenset({"a.txt"})),
            None,
            "archive.odt is not a real ODT file",
        ),
        (FileFacts("image.png", 100, b"%PDF-1.7"), None, "image.png is not a real PNG file"),
    ],
)
def test_files_are_judged_by_name_and_content(facts, kind, message):
    refusal, found = evidence_refusal(facts)
    assert found is kind
    if message is None:
        assert refusal is None
    else:
        assert refusal.message.startswith(message)


def test_the_size_limit_is_configurable():
    refusal, _ = evidence_refusal(FileFacts("plan.pdf", 2 * MB, b"%PDF-"), max_bytes=MB)
    assert refusal.code == "evidence.too_large"
    assert refusal.message == "plan.pdf is 2.0 MB: files must be 1.0 MB or smaller"


@pytest.mark.parametrize(("size", "text"), [(12, "12 bytes"), (2048, "2 KB"), (int(1.5 * MB), "1.5 MB")])
def test_size_text(size, text):
    assert size_text(size) == text
