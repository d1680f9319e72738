"""Reading and writing the files planners work in: CSV, .xlsx and .docx.

Depends on ``sinergi.core`` only; never on the web layer.
"""
