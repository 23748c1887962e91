"""The seal on bids: per-competition keys, and encrypting bid content and files to them.

Each competition has an X25519 key pair. Bids are encrypted to its public key (an ephemeral
key agreement per sealed item, HKDF, then AES-256-GCM), so sealing needs no secret. Its
private key is stored wrapped (AES-256-GCM) by the platform key (`CAREMARKET_BID_SEAL_KEY`,
32 bytes in base64, from the environment). `unwrap_private_key` is the one place the private
key is released, and it asks `rules.bidding.seal_refusal` first: before the submission
deadline it refuses, whoever asks.
"""

import base64
import hashlib
import os
from datetime import datetime
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from caremarket.rules.bidding import seal_refusal

VERSION = b"\x01"
RAW = serialization.Encoding.Raw


@lru_cache(maxsize=1)
def _platform_key() -> bytes:
    configured = getattr(settings, "CAREMARKET_BID_SEAL_KEY", "")
    if configured:
        key = base64.b64decode(configured)
        if len(key) != 32:
            raise ValueError("CAREMARKET_BID_SEAL_KEY must be 32 bytes, base64-encoded")
        return key
    # Development and tests only: a key derived from the secret key.
    return hashlib.sha256(b"caremarket-bid-seal:" + settings.SECRET_KEY.encode()).digest()


def new_key_pair(competition_reference: str) -> tuple[bytes, bytes]:
    """(public key, wrapped private key) for a new competition."""
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = private.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    nonce = os.urandom(12)
    wrapped = nonce + AESGCM(_platform_key()).encrypt(nonce, raw, _wrap_aad(public))
    return public, wrapped


def _wrap_aad(public: bytes) -> bytes:
    return b"caremarket-competition-key:" + public


def _derive(shared: bytes, ephemeral: bytes, context: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral, info=b"caremarket-bid:" + context
    ).derive(shared)


def seal(public_key: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt `plaintext` to the competition's public key; `context` binds it to its place
    (e.g. "bid:12:content") so it cannot be moved to another bid."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes(public_key)))
    key = _derive(shared, ephemeral_public, context.encode())
    nonce = os.urandom(12)
    return VERSION + ephemeral_public + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


class SealedKey:
    """A competition's private key, once released: opens what was sealed to it."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private

    def open(self, sealed: bytes, context: str) -> bytes:
        sealed = bytes(sealed)
        if sealed[:1] != VERSION:
            raise ValueError("not a sealed bid envelope")
        ephemeral_public, nonce, ciphertext = sealed[1:33], sealed[33:45], sealed[45:]
        shared = self._private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = _derive(shared, ephemeral_public, context.encode())
        return AESGCM(key).decrypt(nonce, ciphertext, context.encode())


def unwrap_private_key(competition, now: datetime) -> SealedKey:
    """The competition's private key, released only when the seal is open (`now` at or after
    the submission deadline of a published competition); raises `RuleViolation` before."""
    refusal = seal_refusal(competition.facts(), now)
    if refusal:
        raise refusal.error(competition=competition.reference)
    wrapped = bytes(competition.wrapped_private_key)
    nonce, ciphertext = wrapped[:12], wrapped[12:]
    raw = AESGCM(_platform_key()).decrypt(nonce, ciphertext, _wrap_aad(bytes(competition.public_key)))
    return SealedKey(X25519PrivateKey.from_private_bytes(raw))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
