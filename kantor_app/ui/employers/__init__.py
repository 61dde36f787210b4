"""The Perusahaan (employers) tab: registry, compliance status, findings, payments, letters."""
