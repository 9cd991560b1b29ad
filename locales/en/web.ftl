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
web-page-of = Page { $page } of { $pages } (forms { $first }–{ $last } of { $count })
web-page-previous = Previous
web-page-next = Next
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
web-chase-title = Forms of { $year } still owed
web-chase-days = Days since issue
web-chase-issued = Issued
web-chase-subtitle = { $missing } not returned, { $returned } returned for fixes and not yet handed in again

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
web-serve-stop-window = Close this window to stop the desk. The address carries a sign-in key: do not pass it on.
web-serve-not-a-desk = This folder is neither a desk nor empty. Give a desk's folder, or a new (missing or empty) folder to start a desk on the page.
web-serve-setup-here = A desk is started on this computer: leave out --public and --listen, start the desk in this computer's browser, set the office password, then serve it to other computers.
web-serve-browser-failed = The browser could not be opened; open the address above yourself.
web-serve-listen-failed = Cannot listen on { $addr }: { $message }

web-audit-sign-in = signed in to the web desk
web-audit-wrong-password = web sign-in refused: wrong password
web-audit-blank = downloaded the blank forms of { $unit }
web-audit-feedback = downloaded the feedback workbook of { $unit }
web-audit-summary = downloaded the summary
web-audit-chase = downloaded the reminder list

# Starting a desk (src/web/setup.rs)
web-nav-new-year = New year
web-setup-title = Start a desk
web-setup-intro = There is no desk for this year yet. Choose the definitions and give the year to start one: the definitions are checked first, then the blank forms are issued, and every form the units return is recorded, reviewed and consolidated here.
web-setup-where = The desk will be kept in: { $folder }
web-setup-desk-folder = { $year } desk
web-setup-year-placeholder = YEAR
web-setup-defs = Definitions
web-setup-defs-hint = Choose definition files (.yaml) or project lists (.xlsx), several at once; at most { $mb } MB each and { $max } files.
web-setup-kept = Keeping the { $count } files chosen last time: { $names }. Choosing files again replaces them.
web-setup-kept-rules = Keeping the rules chosen last time: { $name }.
web-setup-and-more = and { $count } more
web-setup-folder = Or the folder on this computer that holds the definitions:
web-setup-folder-example = e.g. D:\evaluation\2022 definitions
web-setup-year = Year
web-setup-year-hint = Left empty, the year of the definitions.
web-setup-by = Forms issued
web-setup-by-project = One workbook per project
web-setup-by-unit = One workbook per unit (one sheet per project)
web-setup-rules = Audit rules (optional)
web-setup-rules-hint = The office's own rules (.yaml). Every form received is checked against them.
web-setup-allow-errors = Start the desk and issue the forms even when the definitions have errors
web-setup-submit = Start the desk
web-setup-no-definitions = No definitions chosen. Choose definition files or a project list, or give the folder on this computer that holds them.
web-setup-not-definition = “{ $file }” is not a definition file. Choose .yaml definitions or an .xlsx project list.
web-setup-too-big = Files too large or too many: at most { $mb } MB each and { $max } at once. For many projects use a project list, or give the folder on this computer.
web-setup-unreadable = These definitions cannot be read, and no desk was started. Correct them and submit again:
web-setup-years-differ = The definitions are of different years ({ $years }): give the desk's year.
web-setup-bad-year = “{ $year }” is not a year: give four digits, e.g. 2022.
web-setup-bad-rules = The rules cannot be read, and no desk was started. Correct the rules file, or choose none:
web-setup-has-errors = The definitions have { $count } errors (below), and no desk was started. Correct the definitions and submit again; to issue the forms all the same, tick “Start the desk and issue the forms even when the definitions have errors”.
web-setup-findings = What checking the definitions found ({ $count }, all for the office to correct)
web-setup-failed = No desk was started:
web-setup-done = The desk is started: { $year }, { $count } forms issued ({ $files } workbooks), kept in { $folder }.
web-setup-open = Open the overview
web-setup-busy = A desk is being started; submit again in a moment.
launch-home = The desks are kept in { $folder }; opening the browser…
web-dl-blank-name = { $unit }_blank-forms.zip

# A desk's audit rules (/rules)
web-nav-rules = Audit rules
web-rules-title = Audit rules
web-rules-intro = Besides the built-in checks, every form received is checked against these audit rules. New rules apply to the forms received from then on; the forms received before keep the findings they were received with. The rules replaced are kept in the desk's rules-replaced folder.
web-rules-current = In use: { $name } ({ $count } rules)
web-rules-none = No audit rules: the built-in checks only.
web-rules-col-id = Id
web-rules-col-severity = Grade
web-rules-col-party = To be corrected by
web-rules-col-scope = Applies to
web-rules-col-condition = Condition
web-rules-severity-error = must be fixed
web-rules-severity-explain = must be explained
web-rules-severity-hint = hint
web-rules-party-any = whoever fills the field
web-rules-scope-form = each form
web-rules-scope-indicator = each indicator
web-rules-scope-line = each funding line
web-rules-choose = New rules file (.yaml):
web-rules-replace = Replace the rules
web-rules-remove = Use no rules
web-rules-replaced = The audit rules are now “{ $name }” ({ $count } rules), for the forms received from now on.
web-rules-removed = No audit rules are used now: the forms received from now on get the built-in checks only.
web-rules-no-file = Choose a rules file (.yaml) first.
web-rules-bad = “{ $file }” has mistakes, and the rules were not replaced:
launch-guide-help = How to use it: type evalsheet.exe help in a command prompt
launch-guide-files = The guide: { $files } in this folder (Notepad opens it)
launch-guide-and = {" and "}
launch-here = {" "}({ $folder })
launch-welcome =
    evalsheet — project expenditure performance self-evaluation forms { $version }

    The desk could not be opened in the browser (the reason is above).

    evalsheet can also be used in a command prompt:
      1. open the folder of this program{ $here } in Explorer;
      2. type cmd in the address bar and press Enter (or hold Shift, right-click an empty
         part of the folder and choose “Open PowerShell window here” or “Open in Terminal”);
      3. type a command in the window that opens, for example:
           evalsheet.exe help
           evalsheet.exe serve desk
           evalsheet.exe generate examples\2022 -o forms
         The second opens (or starts) the desk in the folder “desk” in the browser;
         the third makes the forms of the definitions in examples\2022 in the folder “forms”.

    { $guide }

    Press Enter to close this window.
web-rules-recheck = Check the forms received again
web-rules-recheck-hint = Checks the latest version of every form received again, with the built-in checks and the rules in use now; review states (accepted, returned for fixes) stay as they are.
web-rules-rechecked = { $count } forms received checked again with the rules in use.

# Forms added to a desk (/issue)
web-nav-issue = Add forms
web-issue-title = Add forms
web-issue-intro = For projects new in the year: choose their definitions; they are checked, and their blank forms are written into the desk's issued folder beside the others, to be sent to their units. A project issued already cannot be issued again.
web-issue-allow-errors = Issue the forms even when the definitions have errors
web-issue-submit = Issue
web-issue-done = { $count } more forms issued ({ $files } workbooks), in the desk's issued folder.
web-issue-failed = Nothing was issued:
