"""Reference tables the rules read (rates, holidays, UMK) and branch settings: seeding and
editing.
"""
