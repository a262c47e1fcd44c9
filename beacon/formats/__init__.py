"""Date and number formats for language codes that Django files under another name.

The portal publishes Chinese as plain "zh" (as the press and content do), and Django keeps its
Chinese formats under "zh_Hans" only: without this, a Chinese page falls back to the default
formats and writes dates with the interface language's month names.
"""
