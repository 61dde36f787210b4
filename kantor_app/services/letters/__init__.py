"""Letters to employers: numbering, eligibility, content, issuing, the register, templates;
pdf/ renders them.
"""
