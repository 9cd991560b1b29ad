# Report workbooks (report.rs, collect.rs, diff/xlsx.rs): column headers.
report-col-number = No.
report-col-unit = Unit
report-col-project = Project
report-col-budget =
    Budget (A)
    (10k yuan)
report-col-executed =
    Executed (B)
    (10k yuan)
report-col-rate =
    Rate
    (B/A)
report-col-indicators = Ind.
report-col-completed = Met
report-col-not-completed = No
report-col-blank = Blank
report-col-unclear = Check
report-col-errors = Err.
report-col-warnings = Warn.
report-col-source-file = Source file
report-col-sheet = Sheet
report-col-remark = Remark
report-col-cell = Cell
report-col-label = Field
report-col-severity = Severity
report-col-message = Problem
report-col-field = Field path
report-col-rule = Rule
report-col-file = File
report-col-reason = Reason
report-col-detail = Details
report-col-status = Status
report-col-old-project = Former project name
report-col-changes = Changes
report-col-funds = Funds
report-col-indicator-changes = Indicators
report-col-forbidden = Forbidden
report-col-filled = Filled by the unit
report-col-kind = Kind
report-col-diff = Comparison (red deleted, green inserted)
report-col-notes = Notes
report-col-old = Old value
report-col-new = New value

# The 汇总表 workbook of collect (collect.rs).
collect-sheet-summary = Summary
collect-sheet-findings = Findings
collect-sheet-failures = Unreadable
collect-year-prefix = { $years }{" "}
collect-title-summary = { $prefix }project expenditure performance self-evaluation: summary
collect-title-findings = { $prefix }project expenditure performance self-evaluation: findings
collect-title-failures = Files that could not be read
collect-subtitle = { $forms } form(s) from { $files } file(s); { $findings } finding(s) ({ $errors } error(s), { $warnings } warning(s)), see "{ $sheet }".{" "}
collect-subtitle-all-read = Every file was read
collect-subtitle-failed = { $count } more file(s) could not be read and are not counted here
collect-subtitle-skipped = ; { $count } hidden or lock file(s) skipped
collect-subtitle-end = .{" "}
collect-subtitle-see = , see "{ $sheet }".{" "}
collect-subtitle-unit = Amounts in 万元 (10,000 yuan).
collect-total = Total
collect-findings-none = Every form was checked; no problems were found.
collect-findings-subtitle = { $count } problem(s): { $errors } error(s) (must be corrected), { $warnings } warning(s) (please verify). Cells are on the returned forms.
collect-failures-none = All { $files } file(s) were read.
collect-failures-subtitle = These { $count } file(s) could not be read; their forms are not counted in "{ $sheet }". Check them and ask the units to send them again.
collect-failures-skipped = {" "}{ $count } hidden or lock file(s) were skipped as the rules say, not read; they are listed last.
collect-skipped = skipped
collect-duplicate = the same form as row { $rows }, counted twice in the total
collect-duplicate-more = the same form as rows { $rows } and { $count } in all, counted more than once in the total
collect-severity-error = error
collect-severity-warning = warning
collect-severity-explain = to explain
collect-skip-hidden = hidden file or folder
collect-skip-lock-file = lock file of a workbook open in an office suite
collect-skip-loop = link back to a folder already searched
collect-skip-repeated = the same file again, through a link
collect-skip-mapping = the column mapping of the workbook beside it
collect-kind-unopened = cannot be opened
collect-kind-no-form = no form in the file
collect-kind-password = protected with a password
collect-kind-empty = empty file
collect-kind-folder = not a file
collect-kind-damaged = damaged, or not a workbook
collect-kind-other = error while reading

# The page footer of a report (Excel codes: &C centre, &P page, &N pages).
report-footer = &CPage &P of &N

# The change report workbook of diff --xlsx (diff/xlsx.rs).
diff-mode-issued = issued vs returned
diff-mode-yearly = year over year
diff-subtitle = Old: { $old } ({ $old_years })  New: { $new } ({ $new_years })  { $changes } change(s)
diff-sheet-summary = Summary
diff-sheet-changes = Changes
diff-title = Self-evaluation forms, { $mode }: { $sheet }
diff-note-cell = cell { $cell }
diff-forbidden-yes = yes
diff-status-unchanged = unchanged
diff-status-filled = filled in or changed
diff-status-changed = changed
diff-status-renamed = renamed
diff-status-not-issued = not issued
diff-status-added = added
diff-status-not-returned = not returned
diff-status-removed = removed
diff-kind-not-issued = project not issued
diff-kind-not-returned = not returned
diff-kind-project-added = project added
diff-kind-project-removed = project removed
diff-kind-project-renamed = project renamed
diff-kind-indicator-added = indicator added
diff-kind-indicator-removed = indicator removed
diff-kind-indicator-renamed = indicator renamed
diff-kind-changed = changed
diff-kind-filled = filled in by the unit
diff-years = { $years }
diff-years-unknown = year unknown

# The text report of diff (src/diff/text.rs) and its notes (src/diff/compare.rs)
diff-text-blank = (blank)
diff-text-rate = rate { $rate }%
diff-text-aside = {" "}({ $text })
diff-text-separator = {", "}
diff-text-list-separator = {", "}
diff-text-note = {"; "}{ $note }
diff-text-added = added { $label }: { $value }  { $place }
diff-text-removed = removed { $label }: { $value }  { $place }
diff-text-project = project
diff-text-renamed = { $what } renamed: { $old } → { $new }  { $place }
diff-text-change = { $label }: { $value }  { $place }
diff-text-year-unknown = year unknown
diff-text-years = { $years }
diff-text-no-changes = Both sides are the same: no changes.
diff-text-unchanged = Unchanged ({ $count }): { $list }
diff-text-not-issued = not issued
diff-text-not-returned = not returned
diff-text-new-side = added
diff-text-old-side = removed
diff-text-mode-issued = the issued forms against the returned ones
diff-text-mode-yearly = year against year (what the units fill in is not compared; --all compares it)
diff-text-mode-yearly-all = year against year (with what the units fill in)
diff-text-title = evalsheet diff: { $mode }
diff-text-old = Old: { $path } ({ $years }, { $count } projects)
diff-text-new = New: { $path } ({ $years }, { $count } projects)
diff-text-summary = Projects: { $matched } matched ({ $renamed } renamed), { $added } { $added_word }, { $removed } { $removed_word }; { $changes } changes in all.
diff-text-forbidden = !! Changes to what the office fills in: { $count }, in { $projects } projects (marked !! below).
diff-text-forbidden-none = Changes to what the office fills in: none.
diff-text-filled = Filled in by the units: { $count }.
diff-text-side-head = Projects { $title } ({ $count })
diff-text-outline = { $name }: { $note }
diff-text-project-head = { $name }: { $count } { $count ->
    [one] change
   *[other] changes
}
diff-text-forbidden-head = !! Changes to what the office fills in ({ $count })
diff-text-filled-head = Filled in by the unit ({ $count })
diff-note-rate = the rate on the form is { $typed }; recomputed as B/A it is { $computed }
diff-outline-budget = budget { $budget } 万元
diff-outline-no-budget = no budget
diff-outline = { $budget }, { $count } indicators
diff-text-where = ({ $text })
