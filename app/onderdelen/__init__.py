"""The kinds of view (map, trend, breakdown); their one registry, REGISTER, is in register.py.

Like OWID's grapher, where one chart config drives chart, map and table: a kind is one module that
owns its data, figure, texts, table alternative, Verkenner part, embed and export, and one line
below. The Verkenner (app/pages/verkenner.py), the embeds (app/embed), the downloads and the URL
check (app/params.py) take their lists from REGISTER; docs/architecture.md has the recipe.
Modules here import data, queries, rules, fmt, vocab and components; never pages, site, embed or
params.
"""
