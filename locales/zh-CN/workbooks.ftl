# Reading workbooks (grid.rs, import.rs, isolate.rs): why a file cannot be read as a form, and
# what was doubtful in one that was. A message follows the file's name and a colon.

book-is-folder = 是一个文件夹，不是工作簿
book-empty = 文件是空的（0 字节），不是工作簿
book-too-large = 文件有 { $size } MB，超过了交回表的上限 { $max } MB
book-damaged = 工作簿已损坏，无法读取其中的内容；请让填报单位用 Excel 或 WPS 打开后重新保存为 .xlsx 再交回
book-encrypted = 设置了打开密码；请在 Excel 或 WPS 中取消密码后再读取
book-bad-zip = 不是工作簿：它像是压缩包，但无法打开，可能不完整（{ $detail }）；请重新获取这个文件
book-zip-entries = 里面有 { $count } 个文件，工作簿远没有这么多，已拒绝读取
book-damaged-zip = 是损坏的压缩包（{ $detail }）；请重新获取这个文件
book-zip-bomb-part = 其中的 { $part } 会从 { $kb } KB 解压成 { $size } MB，疑似“压缩炸弹”，已拒绝读取
book-zip-bomb = 解压后会有 { $size } MB，超过了允许的 { $max } MB，疑似“压缩炸弹”，已拒绝读取
book-xlsb = 是 Excel 二进制工作簿（.xlsb）；请在 Excel 中另存为 .xlsx 后再读取
book-zip-not-workbook = 是压缩包，但不是工作簿（里面没有 xl/workbook.xml 或 content.xml）
book-is-definition = 是项目定义（YAML 或 JSON），不是交回的工作簿；定义用 evalsheet check 检查，用 evalsheet generate 生成表格
book-csv = 是文本文件（CSV 或以制表符分隔），不是工作簿；请在 Excel 或 WPS 中打开，另存为 .xlsx
book-text = 是文本文件，不是工作簿（.xlsx、.xls 或 .ods）
book-unknown = 不是工作簿（.xlsx、.xls 或 .ods）：内容不属于其中任何一种格式
book-unreadable = 无法作为工作簿读取，可能已损坏或不完整（{ $detail }）；请让填报单位重新保存后交回
book-too-many-sheets = 有 { $count } 个工作表，超过了工作簿能有的 { $max } 个：文件已损坏
book-sheet = 工作表“{ $sheet }”{ $message }
sheet-cell-beyond = 在第 { $row } 行第 { $column } 列有内容，超出了工作表的 { $max_rows } 行、{ $max_cols } 列：文件已损坏
sheet-too-many-cells = 填写了超过 { $max } 个单元格；一张自评表只有几百个，已作为过大的文件拒绝读取
sheet-merges = 合并单元格合计跨越超过 { $max } 行，一张自评表远没有这么多，已作为损坏的文件拒绝读取
reader-garbled = 读取进程的答复无法理解
reader-timeout = 读取超过了 { $seconds } 秒，已停止：文件可能已损坏，或比一张自评表大得多
reader-killed = 读取进程用尽了允许的 { $mb } MB 内存或遇到故障而停止：文件可能已损坏，或比一张自评表大得多

# What was doubtful in a form that was read (import.rs); shown after the file and sheet.
import-not-a-number = { $cell } 中的“{ $text }”不是金额（{ $field }），请只填数字（单位：万元）
import-added-row = { $cell }：第 { $n } 行指标“{ $name }”不在下达的表中，是填报单位插入的行
import-year-unknown = 表上没有写年度；请用 --year 指定

# Names of files written (names.rs), and a batch read again (batch.rs), generate.rs.
name-empty = 文件名是空的，或者是文件夹的名字
name-too-long = 文件名有 { $size } 字节，超过了文件系统允许的 { $max } 字节
name-bad-character = 文件名中有路径分隔符或控制字符
batch-file-changed = 文件在读取期间被修改了；请再运行一次命令
generate-no-forms = 一个工作簿至少要有一张自评表
# Where a form came from (model.rs, Provenance::place).
place-sheet = { $file } 工作表“{ $sheet }”
place-definition = { $file } 第 { $n } 个定义
import-a-list = 工作表“{ $sheet }”有“项目资金名称”栏目，但下面没有自评表的两张表格（项目资金和绩效指标）：它像是一份清单，不是项目支出绩效自评表
