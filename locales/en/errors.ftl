# The one error type (src/error.rs): what is wrong, where (named once), what to do.

error-read-not-found = Cannot find { $file }: there is no such file or folder. Check the path and the file name.
error-read-denied = Cannot read { $file }: permission denied. Check the file's permissions, or copy it into a folder of your own and try again.
error-read = Cannot read { $file }: { $reason }.
error-write-denied = Cannot write { $file }: permission denied. Choose a folder you may write to (-o).
error-write-full = Cannot write { $file }: { $reason }. Free some disk space and run it again.
error-write = Cannot write { $file }: { $reason }.
error-exists = { $file } already exists; evalsheet never overwrites a file unless told to (use --force).
error-not-text = { $file } is not a UTF-8 text file, so it cannot be a YAML definition: if it is a definition saved in another encoding (GBK/ANSI or UTF-16, as Notepad or WPS may save on Chinese Windows), open it and save it again as UTF-8 (Notepad: 文件 → 另存为 → 编码 UTF-8).
error-empty = { $file } is empty: expected a project definition (a YAML mapping with year, project, …) or a list of them.
error-yaml = { $file }: line { $line }, column { $column }: { $message }.
error-syntax = { $file }: { $message }.
error-invalid = { $file }, { $what }: { $message }.
error-unknown-form = The form variant "{ $form }" is unknown; the variants are: { $known }.
error-template = The built-in form variant { $id } is broken: { $message }. This is a fault of evalsheet; please report it.
error-xlsx = Cannot draw { $file }, sheet "{ $sheet }": { $message }.
error-workbook = { $file }: { $message }.
error-cell = { $file }, sheet "{ $sheet }", cell { $cell }: { $message }.
error-no-form = { $file } holds no 项目支出绩效自评表: no sheet has both the 项目资金名称 and the 绩效指标 labels.
error-temp-files = Cannot write the temporary files a report is built in, in { $folder } (is the disk full? set TMPDIR to a folder with free space): { $message }.
error-desk = { $file }: { $message }.
error-nothing-found-definitions = No definition files (.yaml, .yml, .json) were found in the folder { $folder }.
error-nothing-found-workbooks = No workbooks (.xlsx, .xlsm, .xls, .ods) were found in the folder { $folder }.
error-nothing-found-forms = No definition files (.yaml, .yml, .json) or workbooks (.xlsx, .xlsm, .xls, .ods) were found in the folder { $folder }.

# What the system said about a file (io::ErrorKind), in words.
io-not-found = no such file or folder
io-permission-denied = permission denied
io-already-exists = the file already exists
io-is-a-directory = it is a folder, not a file
io-not-a-directory = a part of the path is not a folder
io-storage-full = the disk is full
io-quota-exceeded = the disk quota is exceeded
io-read-only = the place is read-only
io-file-too-large = the file is too large
io-invalid-filename = the system does not take the file name
io-directory-not-empty = the folder is not empty
io-busy = the file is in use by another program
io-timed-out = the operation timed out
io-interrupted = the operation was interrupted
io-unexpected-eof = the file ends early (incomplete)
io-invalid-data = the file's contents are wrong
io-out-of-memory = out of memory
io-crosses-devices = a file cannot be moved across disks
io-loop = too many links, or a loop of links
io-network = the network connection was lost
io-other = the system says: { $detail }
io-in-use = the file is open in another program (such as Excel or WPS); close it and run the command again
io-in-use-office = { $reason }; if it is open in Excel or WPS, close it and run the command again

# Why a file in a folder was skipped (input.rs).
skip-hidden = hidden file or folder
skip-lock-file = lock file of a workbook open in an office suite
skip-loop = link back to a folder already searched
skip-repeated = the same file again, through a link

# Between the items of a list in a sentence.
list-separator = {", "}
