# The feedback workbook a unit gets back (feedback.rs): the 审核结果 sheet and the notes on
# the cells to correct.
feedback-title = { $unit }: review of the self-evaluation forms
feedback-instruction = Correct the cells shaded light red on each form (hover over a cell to read its note), then send this workbook back as it is, without renaming its sheets.
feedback-col-severity = Severity
feedback-col-sheet = Sheet
feedback-col-cell = Cell
feedback-col-field = Field
feedback-col-message = Message
feedback-severity-error = error
feedback-severity-warning = warning
feedback-severity-explain = to explain
feedback-no-findings = No cell needs correcting.
feedback-no-cell = —
feedback-comments = Review comments
feedback-note-author = Review
feedback-note-line = [{ $severity }] { $message }
feedback-no-forms = a feedback workbook needs at least one form
