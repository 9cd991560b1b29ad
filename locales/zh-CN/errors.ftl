# The one error type (src/error.rs): what is wrong, where (named once), what to do.

error-read-not-found = 找不到 { $file }：没有这个文件或文件夹。请检查路径和文件名。
error-read-denied = 无法读取 { $file }：没有读取它的权限。请检查文件的权限，或把它复制到自己的文件夹再试。
error-read = 无法读取 { $file }：{ $reason }。
error-write-denied = 无法写入 { $file }：没有写入权限。请换一个有写入权限的文件夹（-o）。
error-write-full = 无法写入 { $file }：{ $reason }。请腾出磁盘空间后再运行。
error-write = 无法写入 { $file }：{ $reason }。
error-exists = { $file } 已经存在；evalsheet 不会覆盖已有的文件。要替换它，请加上 --force。
error-not-text = { $file } 不是 UTF-8 编码的文本文件，不能作为 YAML 定义读取。如果它是用其他编码（GBK/ANSI 或 UTF-16，中文 Windows 的记事本或 WPS 可能这样保存）保存的定义，请打开后另存为 UTF-8（记事本：文件 → 另存为 → 编码选 UTF-8）。
error-empty = { $file } 是空的：应为一个项目定义（含 year、project 等键的 YAML 映射），或若干定义组成的列表。
error-yaml = { $file } 第 { $line } 行第 { $column } 列：{ $message }。
error-syntax = { $file }：{ $message }。
error-invalid = { $file }，{ $what }：{ $message }。
error-unknown-form = 没有名为“{ $form }”的表样；可用的表样有：{ $known }。
error-template = 内置表样 { $id } 有误：{ $message }。这是 evalsheet 的缺陷，请报告。
error-xlsx = 无法生成 { $file } 的工作表“{ $sheet }”：{ $message }。
error-workbook = { $file }：{ $message }。
error-cell = { $file } 工作表“{ $sheet }”{ $cell }：{ $message }。
error-no-form = { $file } 中没有项目支出绩效自评表：没有一个工作表同时有“项目资金名称”和“绩效指标”这两个栏目。
error-temp-files = 无法在 { $folder } 中写入生成报告所需的临时文件（磁盘是否已满？可把环境变量 TMPDIR 设为有空闲空间的文件夹）：{ $message }。
error-desk = { $file }：{ $message }。
error-nothing-found-definitions = 文件夹 { $folder } 中没有找到定义文件（.yaml、.yml、.json）。
error-nothing-found-workbooks = 文件夹 { $folder } 中没有找到工作簿（.xlsx、.xlsm、.xls、.ods）。
error-nothing-found-forms = 文件夹 { $folder } 中没有找到定义文件（.yaml、.yml、.json）或工作簿（.xlsx、.xlsm、.xls、.ods）。

# What the system said about a file (io::ErrorKind), in words.
io-not-found = 没有这个文件或文件夹
io-permission-denied = 没有权限
io-already-exists = 文件已经存在
io-is-a-directory = 这是一个文件夹，不是文件
io-not-a-directory = 路径中有一部分不是文件夹
io-storage-full = 磁盘已满
io-quota-exceeded = 超出了磁盘配额
io-read-only = 这个位置是只读的
io-file-too-large = 文件太大
io-invalid-filename = 文件名不被系统接受
io-directory-not-empty = 文件夹不是空的
io-busy = 文件正被其他程序占用
io-timed-out = 操作超时
io-interrupted = 操作被中断
io-unexpected-eof = 文件不完整（提前结束）
io-invalid-data = 文件内容有误
io-out-of-memory = 内存不足
io-crosses-devices = 不能跨磁盘移动文件
io-loop = 链接太多或形成了循环
io-network = 网络连接中断
io-other = 系统报告：{ $detail }
io-in-use = 文件正被其他程序打开（如 Excel 或 WPS），请关闭它后再运行
io-in-use-office = { $reason }。如果它在 Excel 或 WPS 中打开着，请关闭后再运行命令

# Why a file in a folder was skipped (input.rs).
skip-hidden = 隐藏文件或文件夹
skip-lock-file = 办公软件打开工作簿时留下的锁文件
skip-loop = 指回已搜索文件夹的链接
skip-repeated = 通过链接再次找到的同一文件

# Between the items of a list in a sentence.
list-separator = 、
