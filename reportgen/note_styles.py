"""The styles the briefing note uses, by name: the note's writer places text in them, and the template guard
(package.py) checks that none of them hides the text or loops, so both take the names from here."""

PARAGRAPH_STYLES = ("Title", "Subtitle", "Heading 2", "Heading 3", "List Bullet", "List Number", "Choices", "Caption",
                    "Headline", "Marking", "Title Block", "Source Entry", "Footer Text", "Table Text")
TABLE_STYLE = "Table Grid"
