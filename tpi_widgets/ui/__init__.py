"""Everything that imports ipywidgets: the live sync, the page kit, the step pages and the room
view. Modules here may import core/, content/, store/ and reports/; nothing below imports them."""
