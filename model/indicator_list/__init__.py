"""Indicator lists (指标清单): one row per indicator, for the online 预算管理一体化 systems.

``parts`` cuts a value into 指标性质 · 指标值 · 度量单位 and joins them back; ``layout`` is the
built-in layout and a mapping file's checked content; ``rows`` writes rows and reads them back;
``apply`` puts a list read back into a workspace (matched projects' indicators, or a new one).
"""
