"""Sinergi — perencanaan ketenagakerjaan daerah (IPK, RTKD, sinkronisasi usulan program)."""

__version__ = "0.1.0"
