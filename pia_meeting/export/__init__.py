"""Writing the 議事録 and the 答申書 (SPEC §4): `minutes` decides what the reader sees, the
writers (`docx_writer`, `text_writer`, `toshin_doc`) lay it out. python-docx is imported
only when a Word file is written."""
