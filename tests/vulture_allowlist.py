"""Names that tests/test_dead_code.py's vulture cannot see used: a library, the browser or a
string uses each. vulture reads this file; nothing imports it (`_` stands for any object).
Keep it short: a name listed here is never reported anywhere in the package."""

# ipywidgets trait: written to grey a widget out; its model sends it to the browser
_.disabled
# ipywidgets Stack trait: written to show one of its pages; its model sends it to the browser
_.selected_index
# traitlets trait synced with the browser: browser_session.js sets it, pages observe it by name ("ready")
_.ready
# python-docx properties the Word writer sets (reports/docx_writer.py): page size, font colour and
# weight, table layout, a paragraph kept with the next (the sign-off on one page)
_.keep_with_next
_.page_width
_.page_height
_.rgb
_.bold
_.autofit
# traitlets configuration read by Voila and Jupyter server (server/app.py)
_.page_config_hook
_.login_handler_class
_.allow_password_change
# tornado/Jupyter call these on our handlers (server/pages.py): the error page, the login form's page
_.write_error
_._render
# the step pages, imported by the name the step registry gives ("module:Class", core/steps.py)
_.PartnershipDevelopmentApp
_.NeedsAssessmentApp
_.GapAnalysisApp
_.ActionPlanningApp
_.ActionApp
_.EvaluationReviewApp
# ends a page's or the room view's background thread (ui/live.py, ui/room_view.py): the kernel
# ends it in the app; tests end the threads they start
_.stop
# the section loaders' interface, load(checker, data, pack_parts) (content/sections/__init__.py):
# what the pack loaded before, for cross-checks; no section makes one yet
pack_parts
# pack fields the loader reads and checks (content/model.py, content/sections/partnership.py);
# no page or document shows them yet
_.scale_title
_.target_note
# why a profile field is listed (core/partnership_profile.Problem): part of the value callers compare
_.message_key
# Alembic reads each migration's revision ids by name (tpi_widgets/store/migrations/versions/)
_.revision
_.down_revision
# tornado calls a handler's methods by the HTTP method's name (server/new_partnership.py)
_.post
# openpyxl reads these cell and sheet attributes when it saves a workbook (exchange/xlsx.py: dates
# shown as dates, a bold wrapped header, a frozen header row, formula-looking text kept as text)
_.number_format
_.alignment
_.freeze_panes
_.quotePrefix
# openpyxl reads it when it saves: the drop-downs' list sheet is hidden (exchange/templates.py)
_.sheet_state
# openpyxl reads it when it saves: the plan sheet's column of record ids is hidden (exchange/plan_template.py)
_.hidden
