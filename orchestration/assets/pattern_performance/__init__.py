"""Cross-domain pattern performance (SPEC §7.2): Wilson-bounded success rates per pattern and tier."""
