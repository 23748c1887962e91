"""Read a public framework definition from the GOV.UK Digital Marketplace
(github.com/alphagov/digitalmarketplace-frameworks) as a Caremarket agreement definition.

The lots come from `questions/services/lot.yml`; each lot's application questions from the
service questions the `edit_submission` manifest lists (in its order and sections), kept for
the lots they `depend` on; the declaration (selection questions asked of every supplier)
from the `declaration` manifest. Multi-questions are opened into their parts, follow-ups
become conditional questions, and a declaration's `passIfIn` becomes its passing answers.
What the reference data does not say (the agreement's reference, owner, dates and each
lot's call-off procedures) comes from `digital_marketplace.yaml` beside this module.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from caremarket.core.errors import ImportFailed

METADATA = Path(__file__).with_suffix(".yaml")
TYPE_MAP = {
    "text": "text",
    "textbox_large": "textbox",
    "list": "textbox",
    "boolean": "boolean",
    "radios": "radios",
    "checkboxes": "checkboxes",
    "checkbox_tree": "checkboxes",
    "number": "number",
    "pricing": "money",
    "upload": "upload",
}
TAG = re.compile(r"<[^>]+>")
REFERENCE = re.compile(r"\[\[(\w+)\]\]")


@dataclass
class Reading:
    definition: dict[str, Any]
    skipped: dict[str, int] = field(default_factory=dict)


def known_frameworks() -> dict[str, dict]:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))["frameworks"]


def is_framework_directory(path: Path) -> bool:
    return (path / "questions" / "services" / "lot.yml").is_file()


def read_framework(directory: Path, overrides: dict | None = None) -> Reading:
    directory = Path(directory)
    if not is_framework_directory(directory):
        raise ImportFailed(
            f"{directory} is not a Digital Marketplace framework (no questions/services/lot.yml)", problems=[]
        )
    meta = {**known_frameworks().get(directory.name, {}), **{k: v for k, v in (overrides or {}).items() if v}}
    missing = [k for k in ("reference", "title", "owner", "starts_on", "ends_on") if not meta.get(k)]
    if missing:
        raise ImportFailed(
            f"Caremarket does not know the framework '{directory.name}': give its {', '.join(missing)}",
            problems=[],
        )
    reader = _Reader(directory)
    lots = reader.lots()
    declarations = reader.manifest_questions("declaration.yml", kind="declaration")
    lot_meta = meta.get("lots", {})
    definition = {
        "reference": meta["reference"],
        "title": meta["title"],
        "owner": meta["owner"],
        "kind": meta.get("kind", "framework"),
        "status": meta.get("status", "closed_to_new_suppliers"),
        "starts_on": meta["starts_on"],
        "ends_on": meta["ends_on"],
        "description": meta.get("description", ""),
        "management_fee_percent": meta.get("management_fee_percent", 1),
        "required_standards": meta.get("required_standards", []),
        "max_call_off_term_months": meta.get("max_call_off_term_months"),
        "lots": [],
    }
    services = reader.manifest_questions("edit_submission.yml", kind="question")
    for number, (slug, label, description) in enumerate(lots, start=1):
        own = lot_meta.get(slug, {})
        questions = [
            {k: v for k, v in q.items() if k != "_lots"}
            for q in services
            if slug in q["_lots"] or "*" in q["_lots"]
        ]
        definition["lots"].append(
            {
                "number": number,
                "code": slug,
                "title": own.get("title", label),
                "description": description,
                "procedures": own.get("procedures", meta.get("procedures", ["further_competition"])),
                "takes_new_suppliers": own.get("takes_new_suppliers", True),
                "price_units": own.get("price_units", meta.get("price_units", [])),
                "questions": _conditions_in_order(questions + [dict(d) for d in declarations]),
            }
        )
    return Reading(definition, reader.skipped)


def _conditions_in_order(questions: list[dict]) -> list[dict]:
    """Keep each question once; a condition on a question not asked before it is dropped
    (and the question made optional), so the list stays valid."""
    seen, kept = set(), []
    for q in questions:
        if q["id"] in seen:
            continue
        when = q.get("when")
        if when and when["question"] not in seen:
            q = {k: v for k, v in q.items() if k != "when"}
            q["required"] = False
        seen.add(q["id"])
        kept.append(q)
    return kept


class _Reader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.skipped: dict[str, int] = {}
        self._names: dict[tuple[str, str], str] = {}

    def _load(self, *parts: str) -> dict:
        path = self.directory.joinpath(*parts)
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ImportFailed(f"Cannot read {path}: {exc}", problems=[]) from None

    def lots(self) -> list[tuple[str, str, str]]:
        data = self._load("questions", "services", "lot.yml")
        return [
            (o["value"], _text(o.get("label", o["value"])), _text(o.get("description", "")))
            for o in data.get("options", [])
        ]

    def manifest_questions(self, manifest: str, *, kind: str) -> list[dict]:
        folder = "declaration" if kind == "declaration" else "services"
        sections = self._load("manifests", manifest) or []
        raw: list[tuple[str, str, dict, dict | None]] = []
        for section in sections:
            for qid in section.get("questions", []):
                raw.extend(self._expand(folder, qid, _text(section.get("name", "")), None))
        followups: dict[str, tuple[str, list]] = {}
        for qid, _section, data, _parent in raw:
            for child, values in (data.get("followup") or {}).items():
                followups[child] = (qid, list(values))
        names = {qid: _text(data.get("name", "")) for qid, _s, data, _p in raw}
        questions = []
        for qid, section, data, parent in raw:
            question = self._question(qid, section, data, parent, kind, names, followups.get(qid))
            if question:
                questions.append(question)
        return questions

    def _expand(self, folder: str, qid: str, section: str, parent: dict | None) -> list:
        if not (self.directory / "questions" / folder / f"{qid}.yml").is_file():
            self.skipped["missing file"] = self.skipped.get("missing file", 0) + 1
            return []
        data = self._load("questions", folder, f"{qid}.yml")
        if data.get("type") == "multiquestion":
            return [
                part for sub in data.get("questions", []) for part in self._expand(folder, sub, section, data)
            ]
        return [(qid, section, data, parent)]

    def _question(self, qid, section, data, parent, kind, names, followup) -> dict | None:
        qtype = TYPE_MAP.get(data.get("type", ""))
        if qtype is None:
            self.skipped[data.get("type", "unknown")] = self.skipped.get(data.get("type", "unknown"), 0) + 1
            return None
        validations = {v.get("name") for v in data.get("validations", []) or []}
        optional = data.get("optional") or (parent or {}).get("optional")
        required = not optional and (
            "answer_required" in validations or (kind == "declaration" and not data.get("hidden"))
        )
        depends = data.get("depends") or (parent or {}).get("depends") or []
        lots = [slug for d in depends if d.get("on") == "lot" for slug in d.get("being", [])]
        question: dict[str, Any] = {
            "id": qid,
            "kind": kind,
            "type": qtype,
            "text": _text(data.get("question", "") or data.get("name", ""), names) or qid,
            "title": _text(data.get("name", ""), names),
            "hint": _text(data.get("hint", "") or data.get("question_advice", ""), names),
            "section": section,
            "required": bool(required),
        }
        options = _options(data.get("options", []))
        if qtype in ("radios", "checkboxes"):
            if not options:
                self.skipped["choice without options"] = self.skipped.get("choice without options", 0) + 1
                return None
            question["options"] = options
        assessment = data.get("assessment") or {}
        if "passIfIn" in assessment:
            question["pass_if"] = list(assessment["passIfIn"])
            question["discretionary"] = bool(assessment.get("discretionary", False))
        if qtype == "money":
            unit = (data.get("field_defaults") or {}).get("price_unit", "")
            interval = (data.get("field_defaults") or {}).get("price_interval", "")
            question["unit"] = " per ".join(p.lower() for p in (unit, interval) if p)
        if followup:
            question["when"] = {"question": followup[0], "in": followup[1]}
        if kind == "question":
            question["_lots"] = lots or ["*"]
        return question


def _options(options: list) -> list[dict]:
    flat = []
    for option in options or []:
        if isinstance(option, dict):
            label = _text(str(option.get("label", option.get("value", ""))))
            flat.append({"value": str(option.get("value", option.get("label", ""))).strip(), "label": label})
            flat.extend(_options(option.get("options", [])))
    return [o for o in flat if o["value"]]


def _text(value: Any, names: dict[str, str] | None = None) -> str:
    """Reference text as plain text: tags dropped, entities decoded, [[question]] named."""
    text = html.unescape(TAG.sub("", str(value or ""))).replace("\xa0", " ")
    if names is not None:
        text = REFERENCE.sub(lambda m: f"‘{names.get(m.group(1)) or m.group(1)}’", text)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
