"""Organisations, their sites and certifications, people, memberships and API tokens."""

import hashlib

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models

from caremarket.core import clock
from caremarket.core.models import TimeStampedModel
from caremarket.orgs.choices import (
    ROLE_CHOICES,
    SECTOR_CHOICES,
    CertificationScheme,
    OrganisationType,
    Region,
)
from caremarket.rules.certifications import (
    CertificationDates,
    CertificationStatus,
    certification_status,
)


class CareSystem(TimeStampedModel):
    """An integrated care system (formerly an STP footprint): the local health geography."""

    code = models.CharField(max_length=10, unique=True, help_text="ODS code, e.g. QYG")
    ons_code = models.CharField(max_length=12, blank=True, help_text="ONS code, e.g. E54000008")
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    code = models.CharField(max_length=20, unique=True, help_text="ODS-style code")
    name = models.CharField(max_length=255)
    sector = models.CharField(max_length=10, choices=SECTOR_CHOICES, db_index=True)
    org_type = models.CharField(max_length=30, choices=OrganisationType.choices, db_index=True)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True, db_index=True)
    care_system = models.ForeignKey(
        CareSystem, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    is_sme = models.BooleanField("SME", default=False)
    is_vcse = models.BooleanField("VCSE", default=False)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["sector", "region", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None or self.closed_on >= clock.today()


class Site(TimeStampedModel):
    """A place that needs services: a hospital, a practice, an office."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=255)
    address = models.CharField(max_length=500, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="site_code_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Certification(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="certifications")
    scheme = models.CharField(max_length=30, choices=CertificationScheme.choices)
    reference = models.CharField(max_length=100, blank=True)
    valid_from = models.DateField()
    expires_on = models.DateField()

    class Meta:
        ordering = ["organisation_id", "scheme", "-expires_on"]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} until {self.expires_on:%d %b %Y}"

    def status(self, today=None) -> CertificationStatus:
        return certification_status(
            CertificationDates(self.valid_from, self.expires_on), today or clock.today()
        )


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Person(AbstractUser):
    """Someone who signs in. Their roles come from memberships of organisations."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = PersonManager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """One role that one person holds in one organisation."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=ROLE_CHOICES)
    granted_at = models.DateTimeField(default=clock.now)
    granted_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organisation_id", "person_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} at {self.organisation}"


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is kept; the secret is shown once."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or clock.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
