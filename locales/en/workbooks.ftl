# Reading workbooks (grid.rs, import.rs, isolate.rs): why a file cannot be read as a form, and
# what was doubtful in one that was. A message follows the file's name and a colon.

book-is-folder = is a folder, not a workbook
book-empty = the file is empty (0 bytes), not a workbook
book-too-large = the file is { $size } MB, larger than the { $max } MB a returned form may be
book-damaged = the workbook is damaged: its contents could not be read; ask the unit to open it in Excel or WPS, save it again as .xlsx and send it again
book-encrypted = is encrypted (protected with a password to open); remove the password in Excel or WPS and import it again
book-bad-zip = is not a workbook: it looks like a zip archive but cannot be opened, it may be truncated ({ $detail }); get the file again
book-zip-entries = holds { $count } files inside; a workbook has far fewer, so it is refused
book-damaged-zip = is a damaged zip archive ({ $detail }); get the file again
book-zip-bomb-part = part { $part } would inflate to { $size } MB from { $kb } KB: refused as a decompression bomb
book-zip-bomb = would inflate to { $size } MB, more than the { $max } MB allowed: refused as a decompression bomb
book-xlsb = is an Excel binary workbook (.xlsb); save it as .xlsx and import that
book-zip-not-workbook = is a zip archive but not a workbook (no xl/workbook.xml or content.xml inside)
book-is-definition = is a project definition (YAML or JSON), not a returned workbook; definitions are checked with evalsheet check and drawn with evalsheet generate
book-csv = is a text file (CSV or tab-separated), not a workbook; open it in Excel or WPS and save it as .xlsx
book-text = is a text file, not a workbook (.xlsx, .xls or .ods)
book-unknown = is not a workbook (.xlsx, .xls or .ods): its contents are not in any of those formats
book-unreadable = cannot be read as a workbook, it may be damaged or truncated ({ $detail }); ask the unit to save it again and send it again
book-too-many-sheets = holds { $count } sheets, more than the { $max } a workbook can have: the file is damaged
book-sheet = sheet "{ $sheet }": { $message }
sheet-cell-beyond = has a cell at row { $row }, column { $column }, beyond the { $max_rows } rows and { $max_cols } columns a sheet can have: the file is damaged
sheet-too-many-cells = holds more than { $max } filled cells; a form has a few hundred, so it is refused as too large
sheet-merges = its merged ranges span more than { $max } rows in all; a form's span far fewer, so it is refused as damaged
reader-garbled = the reader's answer could not be understood
reader-timeout = reading it took longer than { $seconds } seconds, so it was stopped: the file is damaged or far larger than a form
reader-killed = reading it stopped the reader (it needed more than the { $mb } MB of memory allowed, or met a fault): the file is damaged or far larger than a form

# What was doubtful in a form that was read (import.rs); shown after the file and sheet.
import-not-a-number = cell { $cell }: "{ $text }" is not a number ({ $field }); fill in digits only (in 万元)
import-added-row = cell { $cell }: indicator { $n } ({ $name }) is not in the issued form; the unit inserted this row
import-year-unknown = the form does not say its year; pass --year

# Names of files written (names.rs), and a batch read again (batch.rs), generate.rs.
name-empty = the file name is empty or a folder's name
name-too-long = the file name is { $size } bytes long, more than the { $max } a file system allows
name-bad-character = the file name holds a path separator or a control character
batch-file-changed = the file changed while it was being read; run the command again
generate-no-forms = a workbook needs at least one form
# Where a form came from (model.rs, Provenance::place).
place-sheet = { $file }, sheet { $sheet }
place-definition = { $file }, definition { $n }
import-a-list = sheet "{ $sheet }" has a 项目资金名称 label but not the form's tables below it (项目资金 and 绩效指标): it looks like a list, not a 项目支出绩效自评表
