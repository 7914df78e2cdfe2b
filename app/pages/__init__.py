"""The pages of the dashboard, one module each (Dash pages: register_page, layout, callbacks).

Loaded by Dash from this folder when app.create_app builds the app.
"""
