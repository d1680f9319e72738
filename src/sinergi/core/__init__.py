"""Pure computation: no Django, no file or network I/O.

Sub-packages: ``ipk`` (Indeks Pembangunan Ketenagakerjaan), ``rtk`` (Rencana Tenaga Kerja
projections), ``sync`` (proposal checks against the nomenclature), ``stats`` (statistics
observations). They take plain data (DataFrames, dataclasses) and return results that can
explain themselves.
"""
