"""The roster (daftar peserta) tab: a lazy table over the whole roster, its dialogs."""
