# The desk: one year's collection of forms (init, receive, review, status, collect, diff, feedback).

desk-state-missing = not returned
desk-state-received = received, to review
desk-state-returned = returned for fixes
desk-state-accepted = accepted

desk-reason-wrong-year = a form of another year
desk-reason-not-issued = a form that was never issued
desk-reason-unreadable = cannot be read
desk-reason-not-a-form = not a form

desk-party-unit = unit
desk-party-office = office

desk-no-ledger = there is no ledger file (desk.sqlite) here.
desk-not-a-desk = this folder is not a desk (it has no desk.json); start one with evalsheet init.
desk-exists = this folder is a desk already; to rebuild its ledger from the files received, run evalsheet init DESK --rebuild.
desk-no-definitions = no project definitions were given, so there is nothing to issue.
desk-definition-wrong-year = { $file }: project "{ $project }" is of year { $year }, not of the desk's year { $desk }; correct the definition, or start another desk with --year { $year }.
desk-definition-twice = { $file }: project "{ $project }" ({ $unit }) is defined twice; a unit's project is issued once, remove the duplicate.
desk-definitions-have-errors = the definitions have { $count } error(s) (above); nothing was issued. Correct them and run again, or add --allow-errors to issue anyway.
desk-ledger-newer = the ledger's version ({ $have }) is newer than this evalsheet knows ({ $know }); use a newer evalsheet.
desk-ledger-damaged = the ledger cannot be used ({ $reason }). Every file received is still in the desk, so the ledger can be rebuilt: evalsheet init "{ $desk }" --rebuild (the old ledger is kept as desk.sqlite.damaged-N; review decisions must be made again).
desk-rebuild-ids = the definition files are not numbered one after another, so the ledger cannot be rebuilt with the same numbers; check whether files in the definitions folder were renamed or deleted.
desk-no-such-form = no issued form has the number { $form }.
desk-review-missing = "{ $project }" ({ $unit }) has not been returned yet, so it cannot be reviewed.
desk-form-not-found = no issued form matches "{ $text }"; evalsheet status lists the numbers, projects and units.
desk-form-ambiguous = "{ $text }" matches { $count } issued forms: { $forms }; give the number, or write project/unit.

desk-audit-init = started the desk of { $year }, issued { $count } form(s)
desk-audit-rebuild = rebuilt the ledger from the files received
desk-audit-receive = received { $file } ({ $hash })
desk-audit-accept = accepted: { $project } ({ $unit })
desk-audit-return = returned for fixes: { $project } ({ $unit }): { $comment }
desk-audit-setting = changed setting { $key }

desk-receive-already = { $file }: this file (the same bytes) was received on { $when }; nothing changed.
desk-receive-forms = { $file }: received { $count } form(s): { $forms }.
desk-receive-form = { $unit } "{ $project }" (version { $version })
desk-receive-some-apart = { $count } other form(s) are not counted (see evalsheet status).
desk-receive-not-a-form = { $file }: not a form (no 项目资金名称 and 绩效指标 found); kept, not counted.
desk-receive-unreadable = { $file }: cannot be read ({ $reason }); kept, not counted. Ask the unit to send it again.
desk-receive-wrong-year = { $file }: "{ $project }" is a form of { $year }, not of this year ({ $desk }); kept, not counted. Ask the unit to use this year's form.
desk-receive-not-issued = { $file }: "{ $project }" ({ $unit }) was never issued; kept, not counted.
desk-flag-stale = , on an older issue of the form (differs from the one issued now in: { $what })
desk-flag-forbidden = , { $count } field(s) the office filled changed
desk-flag-findings = , { $errors } error(s) and { $warnings } warning(s)
desk-receive-done = { $files } file(s): { $new } new, { $same } already received, { $apart } not counted.
desk-receive-failed = { $file }: not received ({ $reason }).

desk-init-done = started the desk of { $year } in { $desk }: { $count } form(s) issued in { $files } workbook(s), in { $issued }.
desk-init-finding = { $line } (office)
desk-rebuilt = rebuilt the ledger: { $forms } issued form(s), { $files } file(s) received.
desk-reviewed-accept = accepted: { $project } ({ $unit }).
desk-reviewed-return = returned for fixes: { $project } ({ $unit }).

desk-status-title = { $year }: { $total } form(s); not returned { $missing }, received { $received }, returned for fixes { $returned }, accepted { $accepted }.
desk-status-head = No.	Department	Unit	Project	State	Versions	Stale	Office fields changed	Errors	Warnings	Received
desk-status-apart = Files not counted ({ $count }):
desk-status-apart-line = { $file }: { $reason }
desk-yes = yes
desk-no = no

desk-collect-done = wrote { $file }: { $counted } form(s) counted, { $missing } not returned.
desk-collect-sheet-missing = 未交回
desk-collect-sheet-states = 收表情况
desk-collect-title = { $year } project expenditure performance self-evaluation summary
desk-collect-subtitle = Summed over the { $total } issued forms: { $counted } counted (only the latest version of each), { $missing } not returned. The fields the office filled are counted as issued; a value the unit changed is shown beside.
desk-collect-missing-title = { $year }: forms not returned
desk-collect-missing-subtitle = { $count } form(s), by department and unit.
desk-collect-findings-title = { $year }: findings
desk-collect-findings-subtitle = The findings of the latest version of each form; those of the unit go back to the unit, those of the office are in fields the office filled.
desk-collect-states-title = { $year }: where each form stands
desk-collect-subtotal-unit = { $unit } subtotal
desk-collect-subtotal-department = { $department } total
desk-collect-total = Total
desk-collect-changed = unit changed it to { $value }

desk-diff-form = { $unit } "{ $project }" ({ $state }, { $versions } version(s))
desk-diff-vs-issued = against the form issued:
desk-diff-vs-previous = against the previous version ({ $when }):
desk-diff-none = none
desk-diff-change = { $mark }{ $label }: { $old } → { $new }
desk-diff-not-returned = not returned

desk-feedback-done = wrote feedback workbooks for { $units } unit(s) in { $dir }.
desk-feedback-nothing = no form needs fixing by its unit; no feedback workbook was written.

# The columns of the desk's summary workbook (src/desk/collect.rs)
desk-col-issued-at = Issued at
desk-col-severity = Severity
desk-col-department = Department
desk-col-file = File returned
desk-col-received = Received
desk-col-spent = Spent in the year (B)
desk-col-budget = Budget for the year (A)
desk-col-budget-as-filled = Budget as the unit filled it
desk-col-office-fields-changed = Office's fields the unit changed
desk-col-cell = Cell
desk-col-unit = Unit
desk-col-comment = Review comment
desk-col-completed = Completed
desk-col-days = Days since
desk-col-number = No.
desk-col-rate = Execution rate (B/A)
desk-col-indicators = Indicators
desk-col-warnings = Warnings
desk-col-old-form = Old form
desk-col-not-completed = Not completed
desk-col-field = Field
desk-col-version = Version
desk-col-state = State
desk-col-party = To be corrected by
desk-col-errors = Errors
desk-col-message = What is wrong
desk-col-project = Project
desk-collect-blank = (blank)
desk-collect-error = error
desk-collect-warning = warning
desk-collect-issued-as = {" "}(issued as { $value })
desk-audit-rules-set = Audit rules replaced: { $name } ({ $count } rules)
desk-audit-rules-removed = Audit rules no longer used
desk-audit-recheck = The forms received checked again with the rules in use: { $count }
desk-definition-issued-already = { $file }: the form of “{ $project }” ({ $unit }) was issued already and cannot be issued again; adding is for projects new in the year.
desk-audit-add = Forms added: { $count }
desk-add-done = { $count } more forms issued, { $files } workbooks, in { $issued }.
