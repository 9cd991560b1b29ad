# The web desk (evalsheet serve): its pages, the answers to uploads, and what serve prints.

web-app = Self-evaluation collection desk
web-year = year { $year }
web-nav-dashboard = Overview
web-nav-downloads = Downloads
web-nav-links = Unit links
web-logout = Sign out
web-who-office = Office
web-who-unit = Unit: { $unit }
web-unit-title = Forms of { $unit }
web-back = Back to the overview

web-counts-progress = { $issued } issued, { $received } returned, { $accepted } accepted.

web-col-department = Department
web-col-unit = Unit
web-col-project = Project
web-col-state = State
web-col-versions = Versions
web-col-errors = Errors
web-col-warnings = Warnings
web-col-received = Received
web-col-file = File
web-col-reason = Reason
web-filter-all = all
web-filter-apply = Filter
web-filter-reset = Clear filters
web-forms-title = Issued forms: { $count }
web-forms-none = No form matches.
web-flag-stale = stale
web-flag-forbidden = { $count } office field(s) changed
web-apart-title = Files listed apart (not counted): { $count }

web-drop-title = Receive returned forms
web-drop-hint = Drop returned workbooks (.xlsx, .xls, .ods) here, several at once, or choose files with the button below.
web-drop-submit = Upload
web-drop-limits = At most { $mb } MB per file and { $max } files at once.
web-upload-waiting = waiting
web-upload-sending = uploading…
web-upload-failed = upload failed, please try again
web-upload-too-big = larger than { $mb } MB, not uploaded
web-upload-too-many = at most { $max } files at once; this one was not uploaded
web-upload-not-yours = { $file }: the form's unit is “{ $found }”, not yours ({ $unit }); not received. Upload your own unit's forms only.
web-upload-unreadable-unit = { $file }: no form could be read from this file; not received. Upload your unit's filled-in form (.xlsx, .xls or .ods).
web-upload-none = No file was received. Choose the workbooks to upload.
web-upload-results = Received: { $count } file(s)

web-form-file = File
web-tab-current = As returned
web-tab-issued = Against the issued form
web-tab-last-year = Against last year
web-tab-version = version { $n }
web-legend-issued = Against the issued form: struck through in red is what was issued, green what the unit changed it to (office fields only).
web-legend-last-year = Against last year's form: struck through in red is last year's, green this year's.
web-legend-none = There is no form of last year to compare with.
web-findings-title = Findings ({ $count })
web-findings-none = No findings.
web-severity-error = error
web-severity-warning = warning
web-party-unit = for the unit to fix
web-party-office = a field the office filled
web-errors = { $count } error(s)
web-warnings = { $count } warning(s)
web-versions-title = Versions returned
web-versions-none = Not returned yet.
web-stale-short = on an older issue
web-note-missing = This form has not been returned; shown as issued.
web-note-stale = Returned on an older issue of the form, which differs from the one issued now: { $what }
web-note-forbidden = The unit changed { $count } field(s) the office decides; consolidation uses the issued values (see “Against the issued form”).
web-note-comment = Review comment: { $comment }
web-review-title = Review
web-review-comment = Comment for the unit (goes into its feedback workbook)
web-review-return = Return for fixes
web-review-accept = Accept
web-review-accepted = Accepted: { $project } ({ $unit }).
web-review-returned = Returned for fixes: { $project } ({ $unit }). The comment goes into the feedback workbook.
web-review-need-comment = Say what the unit must fix when returning a form.

web-downloads-title = Downloads
web-dl-summary = Summary (.xlsx)
web-dl-chase = Reminder list (.xlsx)
web-dl-blank = Blank forms (.zip)
web-dl-feedback = Feedback (.xlsx)
web-dl-no-feedback = { $unit } has nothing to fix; no feedback workbook is needed.
web-dl-no-blank = No form was issued to { $unit }.
web-chase-sheet = Reminders
web-chase-title = Forms of { $year } not returned
web-chase-days = Days since issue

web-links-title = Unit links
web-links-intro = A unit's link lets that unit upload and see its own forms and findings, nothing else, and not review. A link is as good as a password: send it to that unit only; a withdrawn link stops working at once.
web-links-link = Link
web-links-make = Make a link
web-links-withdraw = Withdraw
web-links-none = none

web-login-title = Sign in
web-login-password = Office password
web-login-submit = Sign in
web-login-wrong = Wrong password; please try again.
web-login-no-password = Open this page with the address shown when the desk was started (it carries a sign-in key).

web-error-not-found = No such page, or you may not see it.
web-error-forbidden = You may not do this.
web-error-csrf = The page has expired or comes from elsewhere; nothing was done. Reload the page and try again.
web-error-too-big = Too much uploaded: at most { $mb } MB per file and { $max } files at once.
web-error-trouble = Something went wrong: { $message }

web-serve-url = The web desk is running; open it in a browser: { $url }
web-serve-stop = Press Ctrl+C to stop. The address carries a sign-in key; do not pass it on.
web-serve-need-password = Listening on { $addr } (beyond this computer) needs an office password first: evalsheet serve { $desk } --set-password
web-serve-password-prompt = Type the office password (at least 8 characters) and press Enter:
web-serve-password-short = The password must have at least 8 characters; it was not set.
web-serve-password-set = The office password is set. Listening beyond this computer needs it to sign in.
web-serve-browser-failed = The browser could not be opened; open the address above yourself.
web-serve-listen-failed = Cannot listen on { $addr }: { $message }

web-audit-sign-in = signed in to the web desk
web-audit-wrong-password = web sign-in refused: wrong password
web-audit-blank = downloaded the blank forms of { $unit }
web-audit-feedback = downloaded the feedback workbook of { $unit }
web-audit-summary = downloaded the summary
web-audit-chase = downloaded the reminder list
