"""Letters to employers: kinds, numbering, recipients, eligibility, content and tables,
issuing, the register, templates; pdf/ renders them. ``issue`` re-exports the public
names under the module's historical name.
"""
