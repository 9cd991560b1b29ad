# The command line: help of evalsheet and of each command, argument by argument, and the
# words of clap's own help and errors. Ids: cli-<command>-about / -long / -after, and
# cli-<command>-<argument> for the help of an argument, cli-<command>-<argument>-value for the
# name of its value.

cli-about = 项目支出绩效自评表 (project expenditure performance self-evaluation forms): generate them from definitions, read returned forms back, compare, check and consolidate them.
cli-long = evalsheet turns project definitions (YAML) into the official 项目支出绩效自评表 workbooks, reads returned forms back into definitions, compares them, checks them for mistakes and consolidates them into a summary.

    Exit status: 0 success, 1 differences or findings, 2 trouble (a file that cannot be read, a definition with an error, a file that would be overwritten).
cli-after = Common commands:
      evalsheet generate examples/2022 -o forms           draw the forms of the definitions
      evalsheet check returns/                            check the returned forms
      evalsheet collect returns/ -o summary.xlsx          consolidate them
      evalsheet init desk2022 --year 2022 definitions/    start the year's collection desk
      evalsheet serve desk2022                            the desk in the browser
    Run evalsheet COMMAND --help for each command; the user guide is docs/使用手册.md.
cli-lang = Language of messages and help: zh (Chinese, the default) or en (English)
cli-lang-value = LANG
cli-help = Print help
cli-version = Print version
cli-usage-heading = Usage:
cli-options-heading = Options
cli-arguments-heading = Arguments
cli-commands-heading = Commands
cli-command-value = COMMAND
cli-quiet = Print nothing but errors: no progress, no closing line

cli-help-about = Print the help of evalsheet or of a command
cli-help-command = The command to print the help of

cli-generate-about = Draw the official form for every project definition
cli-generate-long = Draw the official 项目支出绩效自评表 for every project definition.

    DEFS are YAML (or JSON) files or folders, searched recursively; a file holds one definition or a list of them. Every definition is read and checked before anything is written: if one is wrong, nothing is written and each problem is reported with its file, line and column.

    By default each project gets its own workbook, named YEAR-PROJECT-UNIT.xlsx; with --by unit, each 实施单位 gets one workbook with one sheet per project, and two units never share one. File names are made safe; existing files are never overwritten unless --force is given; files are written whole or not at all.

    Issued forms are protected: only the cells the unit fills in (负责人及电话, 全年执行数, 全年实际完成情况, 全年完成值, 未完成原因和改进措施, 说明) can be edited, and they are shaded.
cli-generate-after = Examples:
      evalsheet generate examples/2021 -o out
      evalsheet generate examples/2022 -o out/2022 --blank --by unit --password 1234
cli-generate-defs = Definition files or folders
cli-generate-defs-value = DEFS
cli-generate-out = Folder to write the workbooks to (created if missing)
cli-generate-out-value = OUTDIR
cli-generate-by = One workbook per project (project), or one per 实施单位 with a sheet per project (unit)
cli-generate-by-value = BY
cli-generate-blank = Issue the forms with the unit's fields empty (说明 shows its instruction)
cli-generate-password = Protect the sheets with this password
cli-generate-password-value = PASSWORD
cli-generate-unprotected = Leave the sheets unprotected
cli-generate-force = Replace workbooks that already exist

cli-import-about = Read returned forms (.xlsx, .xls, .ods) back into definitions
cli-import-long = Read returned forms back into project definitions.

    FILES are workbooks (.xlsx, .xlsm, .xls, .ods) or folders, searched recursively for them (other files in a folder are named as passed over). Every visible sheet holding a 项目支出绩效自评表 becomes one definition; a sheet may hold several forms one below the other. Fields are found by their labels, so forms re-saved by WPS or LibreOffice and forms typed by hand in the official layout are read too.

    Without -o the definitions go to standard output: a YAML list, or with --format json one JSON array, each definition carrying its source (file and sheet). With -o each definition is written to its own file in OUTDIR (never over an existing one unless --force).

    A file that cannot be read does not stop the others: it is listed at the end and the exit status is 2.
cli-import-after = Examples:
      evalsheet import returns/ -o defs/
      evalsheet import 扫黑除恶.xlsx --format json
cli-import-files = Workbooks or folders of workbooks
cli-import-files-value = FILES
cli-import-out = Write one file per definition into this folder instead of standard output
cli-import-out-value = OUTDIR
cli-import-format = Output format: yaml or json
cli-import-format-value = FORMAT
cli-import-year = The year of forms that do not say theirs
cli-import-year-value = YEAR
cli-import-force = Replace files that already exist in OUTDIR

cli-diff-about = Compare definitions or returned forms: what a unit filled in and changed, or what changed since last year
cli-diff-long = Compare two sets of project definitions or returned forms.

    OLD and NEW are each a YAML (or JSON) definition file, a returned workbook (.xlsx, .xlsm, .xls, .ods) or a folder of either, searched recursively. Projects are matched by 项目资金名称 and 实施单位; a project whose name changed a little is reported as renamed, with both names.

    When both sides are of the same year the comparison is issued vs returned: OLD is what the finance office issued, NEW what the unit returned. The report lists what the unit filled in (全年执行数 with the recomputed 执行率, 全年完成值, reasons, 说明, contact) and, marked !!, what it changed that it should not have (a budget, a target, the goal, an indicator's name or level, the project name, departments, the unit, indicators added or removed).

    When the years differ the comparison is year over year: projects added, removed and renamed; budget changes in 万元 and in percent; indicators added, removed, renamed and changed; text changes shown inline ([-deleted][+inserted], or in colour on a terminal). The fields the unit fills in are left out unless --all is given.

    Exit status: 0 no differences, 1 differences, 2 trouble.
cli-diff-after = Examples:
      evalsheet diff examples/2021 examples/2022
      evalsheet diff issued/2022 returned/ --xlsx report.xlsx
      evalsheet diff 2021/ 2022/ --format json > changes.json
cli-diff-old = Last year's or the issued definitions: a file or folder
cli-diff-old-value = OLD
cli-diff-new = This year's definitions or the returned forms: a file or folder; without it, OLD is a desk: each form's latest return against what was issued and against its previous one
cli-diff-new-value = NEW
cli-diff-mode = Force the comparison: issued (issued vs returned) or yearly (year over year); by default from the years
cli-diff-mode-value = MODE
cli-diff-all = Year over year: compare the fields the unit fills in too
cli-diff-format = Output format: text or json
cli-diff-format-value = FORMAT
cli-diff-xlsx = Also write the report as a workbook (summary sheet and every change)
cli-diff-xlsx-value = REPORT.xlsx
cli-diff-force = Replace the --xlsx report if it exists

cli-check-about = Find the mistakes in definitions and returned forms
cli-check-long = Find the mistakes in project definitions (YAML/JSON) and returned forms (.xlsx, .xlsm, .xls, .ods): amounts that do not add up, a typed 执行率 that disagrees with B/A, a 成本指标 that quotes another amount than the budget, labels outside the standard indicator vocabulary, required cells left blank, numbers where text belongs, empty indicator rows, completion and reasons that contradict each other, a 说明 that still holds its instruction.

    FILES are files or folders (searched recursively). Each finding is printed on one line, with its file, sheet and cell, the field, the severity, the message and the rule id, grouped by file in input order, then a summary line. With --format json, one JSON array is printed instead (its keys are in the user guide).

    Exit status: 0 when nothing or only warnings were found, 1 when at least one error was found, 2 when a file could not be read (the others are still checked).
cli-check-after = Examples:
      evalsheet check examples/2021
      evalsheet check returned/ --format json > findings.json
      evalsheet check returned/ --rules rules.yaml
cli-check-inputs = Definition files, returned workbooks, or folders of them
cli-check-inputs-value = FILES
cli-check-format = Output format: text or json
cli-check-format-value = FORMAT
cli-check-rules = An office's audit rules (YAML), checked on every form after the built-in ones; the rules file itself is checked before any form is read
cli-check-rules-value = RULES.yaml

cli-collect-about = Consolidate the returned forms into one summary workbook (汇总表)
cli-collect-long = Consolidate the returned forms into one summary workbook.

    DIRS are folders (searched recursively) or workbook files. Every form in every workbook is read (a workbook may hold several forms, one per sheet) and checked as evalsheet check would. The summary workbook gets three sheets:

      汇总表    one row per form, sorted by 实施单位 then 项目资金名称: 全年预算数（A）, 全年执行数（B） and 执行率（B/A） (a formula) of 年度资金总额; the indicators and how many are completed, not completed, blank or to be verified; the number of errors and warnings; the source file and sheet; and a total row.
      问题清单  one row per finding: file, sheet, cell, project, field, severity, message.
      未能读取  one row per file that could not be read, and why; hidden and lock files skipped are listed there too.

    Nothing is left out: every file found is either in 汇总表 or in 未能读取. The summary is written whole or not at all; an existing summary is never overwritten unless --force is given.

    Exit status: 0 when every workbook was read (findings do not change it: they are listed in 问题清单); 2 when any workbook could not be read (the summary is still written, listing it under 未能读取), and 2 on trouble that stops the summary being written, such as an existing summary without --force.
cli-collect-after = Examples:
      evalsheet collect returned/2021 -o summary-2021.xlsx
      evalsheet collect 科信支队/ 特巡警支队/ -o summary.xlsx --force
cli-collect-inputs = Folders of returned workbooks, or workbook files
cli-collect-inputs-value = DIRS
cli-collect-out = The summary workbook to write
cli-collect-out-value = SUMMARY.xlsx
cli-collect-force = Replace the summary workbook if it exists
cli-collect-rules = An office's audit rules (YAML), checked on every form after the built-in ones
cli-collect-rules-value = RULES.yaml

cli-rollover-about = Turn last year's definitions into next year's blank ones
cli-rollover-long = Turn last year's definitions (or imported returns) into next year's blank definitions, ready to edit and issue: the year is set, and everything the unit fills in is cleared (负责人及电话, every 全年执行数, 全年实际完成情况, each 全年完成值 and 未完成原因和改进措施, 说明). What the issuing office decides — project, departments, unit, budgets, targets and indicators — is kept, to be edited for the new year.

    One YAML file per definition is written to OUTDIR, named YEAR-PROJECT-UNIT.yaml. Every definition is read before anything is written: if one is wrong, or its year is not earlier than --year, nothing is written. Existing files are never overwritten unless --force is given; files are written whole or not at all.
cli-rollover-after = Example:
      evalsheet rollover examples/2021 --year 2022 -o defs/2022
cli-rollover-defs = Last year's definition files or folders
cli-rollover-defs-value = DEFS
cli-rollover-year = The new year (年度)
cli-rollover-year-value = YEAR
cli-rollover-out = Folder to write the new definitions to (created if missing)
cli-rollover-out-value = OUTDIR
cli-rollover-force = Replace files that already exist
cli-rollover-list = Write the new definitions as one 项目清单 workbook (.xlsx) instead of YAML files
cli-rollover-list-value = FILE

cli-list-about = Write definitions into a 项目清单 workbook to edit in Excel
cli-list-long = Write project definitions into one 项目清单 workbook made for editing in Excel or WPS: a sheet 项目 (one row per project), a sheet 绩效指标 (one row per indicator, with its project's 项目编号) and a sheet 说明 on how to fill it in. Headers are frozen and protected; rows can be edited, inserted and deleted; 表样 and 一级/二级指标 have drop-down lists, amounts are checked as numbers.

    Wherever evalsheet takes definitions (generate, check, diff, rollover), a 项目清单 is taken too. With -o ending in .yaml or .yml, the definitions are written as one YAML list instead (a 项目清单 turned back into YAML). The output is never overwritten unless --force is given, and is written atomically.
cli-list-after = Examples:
      evalsheet list examples/2022 -o 项目清单.xlsx
      evalsheet generate 项目清单.xlsx -o forms
      evalsheet list 项目清单.xlsx -o projects.yaml
cli-list-defs = Definition files or folders, or 项目清单 workbooks
cli-list-defs-value = DEFS
cli-list-out = The 项目清单 to write (.xlsx), or a YAML file (.yaml, .yml)
cli-list-out-value = FILE
cli-list-force = Replace FILE if it exists

cli-new-about = Write a blank definition with every key and its Chinese label
cli-new-long = Write a blank project definition to start from: every key of the format, each with its label on the form (项目资金名称, 全年预算数（A）, 一级指标, …) as a comment, and one indicator row for each 二级指标 of the standard vocabulary (delete the ones the project does not need). Fill it in, then evalsheet generate draws the form.

    Without -o the definition is printed; with -o it is written to FILE (never over an existing file unless --force is given).
cli-new-after = Examples:
      evalsheet new > project.yaml
      evalsheet new --year 2022 --project 禁毒专项经费 -o 禁毒专项经费.yaml
      evalsheet new --form mof > national.yaml
cli-new-out = Write to this file instead of standard output
cli-new-out-value = FILE
cli-new-year = The year (年度); this year when not given
cli-new-year-value = YEAR
cli-new-project = The project name (项目资金名称), left blank when not given
cli-new-project-value = NAME
cli-new-form = The layout variant: city (the default) or mof (the national form, with scoring)
cli-new-form-value = FORM
cli-new-force = Replace FILE if it exists

# Command-line errors (clap's, in our words).
cli-error = The command line is wrong: { $detail }
cli-error-unknown-argument = Unknown argument { $arg }.
cli-error-unknown-argument-tip = Unknown argument { $arg }; did you mean { $tip }?
cli-error-missing = Required arguments are missing: { $args }.
cli-error-invalid-value = The value “{ $value }” of { $arg } is not valid.
cli-error-invalid-value-choices = The value “{ $value }” of { $arg } is not valid; the values are: { $choices }.
cli-error-invalid-subcommand = There is no command “{ $command }”.
cli-error-invalid-subcommand-tip = There is no command “{ $command }”; did you mean { $tip }?
cli-error-missing-subcommand = Give a command, such as evalsheet generate.
cli-error-conflict = { $arg } cannot be used with { $other }.
cli-error-value-missing = { $arg } needs a value.
cli-error-too-many = An argument too many: “{ $value }”.
cli-error-see-help = Run { $command } --help for how to use it.

cli-init-about = Start a year's desk: check the definitions and issue the blank forms into it
cli-init-long = Start the desk of one year in the folder DESK.

    The definitions are checked (the findings in what the office fills are shown; errors stop it unless --allow-errors), recorded, and the blank forms issued into DESK/issued (one workbook per project, or per unit with --by unit, as generate does). Returns are then recorded with evalsheet receive.

    In the desk: desk.sqlite is the ledger (a SQLite database the command line and the web desk can use at once), definitions the issued definitions, issued the blank forms, received every file received (by content, unaltered, never renamed or deleted).

    With --rebuild, the ledger is built again from definitions and received (the old one is kept as desk.sqlite.damaged-N).

    With --add, the forms of projects new in the year are issued into an existing desk: the definitions are checked the same way, must be of the desk's year and not issued already; their blank forms are written into issued beside the others.
cli-init-after = Examples:
      evalsheet init desk2022 --year 2022 examples/2022
      evalsheet init desk2022 new-project.yaml --add
      evalsheet init desk2022 --year 2022 defs/ --by unit --allow-errors
      evalsheet init desk2022 --rebuild
cli-init-desk = The desk's folder (new, or empty)
cli-init-desk-value = DESK
cli-init-defs = The definitions to issue: files or folders
cli-init-defs-value = DEFS
cli-init-year = The year of the desk
cli-init-year-value = YEAR
cli-init-allow-errors = Issue the forms even when the definitions have errors
cli-init-by = One workbook per project (project), or per unit (unit)
cli-init-by-value = BY
cli-init-add = Issue the forms of projects new in the year into an existing desk
cli-init-rebuild = Rebuild the ledger from the desk's definitions and received files
cli-init-rules = The office's audit rules (YAML): checked first, kept in the desk and applied to every return received
cli-init-rules-value = RULES.yaml

cli-receive-about = Record returned files in a desk
cli-receive-long = Record returned files in a desk.

    Each file is copied into DESK/received unaltered (by its content hash, with the name it came under and the time), read, and each form it holds matched to the form issued: by the stamp of the issued workbook, or by project and unit for forms without one. The same file received twice changes nothing. A form of another year, one never issued, a file that cannot be read or holds no form are kept and listed apart (see evalsheet status), never counted. One line of answer per file.

    Exit status: 0 every file counted; 1 some file is listed apart, on an older issue, or changes a field the office filled; 2 a file could not be received.
cli-receive-after = Examples:
      evalsheet receive desk2022 mail/*.xlsx
      evalsheet receive desk2022 usb/禁毒支队/
cli-receive-desk = The desk's folder
cli-receive-desk-value = DESK
cli-receive-files = The files received (folders are searched for workbooks)
cli-receive-files-value = FILES

cli-review-about = Accept a returned form, or return it for fixes
cli-review-long = Record the review of a returned form in the desk: --accept (已通过), or --return (退回修改) with a --comment for the unit, which its feedback workbook shows.

    FORM is the form's number (see evalsheet status), or its project, unit, or project/unit, matching exactly one issued form.
cli-review-after = Examples:
      evalsheet review desk2022 --accept 3
      evalsheet review desk2022 --return 禁毒专项经费/禁毒支队 --comment 请补充未完成原因
cli-review-desk = The desk's folder
cli-review-desk-value = DESK
cli-review-form = The form: its number, project, unit, or project/unit
cli-review-form-value = FORM
cli-review-accept = Accept the form
cli-review-return = Return the form to its unit for fixes
cli-review-comment = The comment for the unit (with --return)
cli-review-comment-value = TEXT

cli-status-about = Show where each issued form of a desk stands
cli-status-long = The desk at a glance: the number of forms in each state (not returned, received, returned for fixes, accepted), then one row per issued form (number, department, unit, project, state, versions received, on an older issue, office fields changed, errors, warnings, when received), then the files listed apart and why.

    With --format json, one JSON object of schema evalsheet-status/1 (see README).
cli-status-after = Examples:
      evalsheet status desk2022
      evalsheet status desk2022 --format json
cli-status-desk = The desk's folder
cli-status-desk-value = DESK
cli-status-format = Output format: text (a table) or json
cli-status-format-value = FORMAT

cli-feedback-about = Write each unit's feedback workbook: its forms with every finding marked
cli-feedback-long = For each unit with something to fix in the desk (a form returned for fixes, or received with findings in cells the unit fills), write one workbook into OUTDIR that it can correct and send back: a first sheet 审核结果 listing the findings and the office's review comment, then its forms in the official layout with the values it returned, each cell with a finding filled light red and carrying a note. Only the unit's findings are shown. The workbook is stamped, so that evalsheet receive knows the corrected return for the form issued.
cli-feedback-after = Examples:
      evalsheet feedback desk2022 -o feedback
      evalsheet feedback desk2022 -o feedback --unit 禁毒支队
cli-feedback-desk = The desk's folder
cli-feedback-desk-value = DESK
cli-feedback-out = The folder to write the workbooks into (made if missing)
cli-feedback-out-value = OUTDIR
cli-feedback-unit = Only this unit
cli-feedback-unit-value = UNIT
cli-feedback-force = Replace feedback workbooks that exist

cli-serve-about = Use the desk in a browser: the year at a glance, receiving, review, downloads
cli-serve-long = Start the web desk and do the year's collection in a browser: every form's state at a glance, returned files received by dropping them on the page, each form with its findings and comparisons, returned for fixes or accepted, blank forms, feedback workbooks, the summary and the reminder list downloaded, and links for units that let each upload and see its own forms only.

    Listens on this computer only (127.0.0.1) by default and opens the browser; the address shown carries a sign-in key, do not pass it on. To serve other computers, set an office password with --set-password first, then serve with --public through the department's HTTPS reverse proxy (see the README). The command line and the web desk can use the same desk at once.

    A folder that is not a desk yet (missing or empty) first shows “Start a desk”: choose the definitions and give the year, as evalsheet init does. A folder holding desks of several years serves the latest, and the next year's can be started on the page.
cli-serve-after = Examples:
      evalsheet serve desk2022
      evalsheet serve new-desk
      evalsheet serve desk2022 --set-password
      evalsheet serve desk2022 --public --listen 127.0.0.1:8470 --no-browser
cli-serve-desk = The desk's folder; a missing or empty folder: start a desk on the page; a folder holding desks: the latest year's
cli-serve-desk-value = DESK
cli-serve-listen = Address and port to listen on (port 0: any free port)
cli-serve-listen-value = ADDR:PORT
cli-serve-no-browser = Do not open the browser
cli-serve-set-password = Set the office password (read from standard input) and stop
cli-serve-public = Serve other computers through an HTTPS reverse proxy: a password is required and cookies go over HTTPS only
cli-serve-last-year = Last year's definitions (or last year's desk), to compare each form with
cli-serve-last-year-value = PATH
