# What the commands say on standard error: progress, closing lines, refusals (src/cmd/).

cmd-prefix = {"evalsheet: "}
cmd-standard-output = standard output
cmd-definitions-unreadable = { $count ->
    [one] 1 definition file could not be read; nothing was written.
   *[other] { $count } definition files could not be read; nothing was written.
}
cmd-nothing-written = nothing was written.
cmd-nothing-written-force = nothing was written; use --force to replace existing { $what }.
cmd-and-more = … and { $count } more.
cmd-what-workbooks = workbooks
cmd-what-files = files
cmd-skipped-item = { $file } ({ $reason })
cmd-skipped = skipped { $count } file(s) or folder(s) in the folders: { $list }.
cmd-skipped-more = skipped { $count } file(s) or folder(s) in the folders: { $list }, and { $more } more.

# Progress bars: what is being done.
progress-generate = generate
progress-import = import
progress-check = check
progress-diff = diff
progress-collect = collect

# generate
generate-done = wrote { $written } workbook(s) holding { $forms } form(s) to { $folder }.
generate-done-failed = wrote { $written } workbook(s) holding { $forms } form(s) to { $folder }; { $failed } could not be written (see above).
generate-too-large = its { $indicators } indicators make a form of { $rows } rows and { $cells } cells, more than the { $max_rows } rows or { $max_cells } cells import reads of a sheet, so the returned form could not be read back; split the indicators over several projects

# import
import-done = imported { $forms } form(s) from { $files } file(s).
import-failed = { $count } file(s) could not be imported.
import-passed-over = passed over { $count } file(s) in the folders that are not workbooks (.xlsx, .xlsm, .xls, .ods): { $list }
import-passed-over-more = passed over { $count } file(s) in the folders that are not workbooks (.xlsx, .xlsm, .xls, .ods): { $list }, …
import-warning = { $file }, sheet "{ $sheet }": { $warning }.
import-no-year = sheet "{ $sheet }": the form does not say its year (no stamp, no （2022年度） above it, no year in the file name); give it with --year, e.g. --year 2022

# diff
diff-unreadable = some files could not be read; nothing was compared.
diff-wrote-report = wrote the report to { $file }.

# check
check-summary = {"Checked "}{ $forms } form(s) in { $files } file(s):{" "}
check-summary-clean = no problems found.
check-summary-found = { $errors } error(s), { $warnings } warning(s).
check-summary-found-explain = { $errors } error(s), { $explain } to explain ({ $explained } more explained), { $warnings } warning(s).
check-summary-unreadable = {" "}{ $count } more file(s) could not be read (see standard error).

# collect
collect-out-is-folder = is a folder; give the file name of the summary workbook, e.g. -o summary.xlsx
collect-out-not-xlsx = is not an .xlsx name; give the summary workbook's file name ending in .xlsx, e.g. -o summary.xlsx
collect-nothing = no workbooks (.xlsx, .xlsm, .xls, .ods) were found to collect
collect-done = Collected { $forms } form(s) from { $files } file(s), { $findings } finding(s) ({ $errors } error(s), { $warnings } warning(s))
collect-done-failed = ; { $failed } file(s) could not be read (see the sheet { $sheet })
collect-done-written = . The summary was written to { $file }.

# new
new-done = wrote a blank definition to { $file }.
new-nothing-written = nothing was written; use --force to replace it.

# rollover
rollover-done = wrote { $count } definition(s) for { $year } to { $folder }.
rollover-not-earlier = year (年度) is { $year }, not earlier than --year { $target }: rollover makes next year's definitions from last year's
rollover-nothing-written = nothing was written; give a --year later than { $latest }.
# The comment lines at the top of the blank definition (each becomes a `# ` line).
new-header =
    项目支出绩效自评表: a project definition (written by evalsheet new)
    The comment after each key is its label on the form. Fields marked 单位填写 are filled in by the unit and left blank when issued.
    Amounts are in 万元 (10,000 yuan) and may have decimals (such as 273.89); leave an amount blank rather than writing 0.
    The indicators list one row for each part of the standard scheme; delete the rows you do not need, copy the ones you need more of.
