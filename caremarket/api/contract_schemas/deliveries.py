"""Schemas for the delivery and migration of each ordered site."""

from datetime import date

from ninja import Schema

from caremarket.api.schemas import IsoDate, Out
from caremarket.rules.delivery import Stage


class DeliveryOut(Out):
    id: int
    order: str
    site: str
    site_name: str
    stage: str
    required_by: date | None
    late: bool


class ProgressOut(Out):
    group: str
    ordered: int
    installed: int
    live: int
    migrated: int
    total: int
    percent_migrated: str


class StageIn(Schema):
    stage: Stage
    on: IsoDate | None = None
