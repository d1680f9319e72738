"""Password hashing: Argon2id with the OWASP Password Storage Cheat Sheet's minimum
(m = 19 MiB, t = 2, p = 1), and at most ``SINERGI_HASH_SLOTS`` (default 1) hashes at a time per
process, so a wave of logins queues among itself instead of taking every thread from the
pages (measurements in docs/deploy.md).

The algorithm name stays ``argon2``: hashes made with Django's default parameters still verify
and are re-hashed with these on the user's next login (Django's ``must_update``).
"""
from __future__ import annotations

import os
import threading

from django.contrib.auth.hashers import Argon2PasswordHasher

MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
_SLOTS = threading.BoundedSemaphore(max(1, int(os.environ.get("SINERGI_HASH_SLOTS", "1"))))


class SinergiArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = TIME_COST
    memory_cost = MEMORY_KIB
    parallelism = PARALLELISM

    def encode(self, password, salt):
        with _SLOTS:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _SLOTS:
            return super().verify(password, encoded)
