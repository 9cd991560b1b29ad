# The command line: help of evalsheet and of each command, argument by argument, and the
# words of clap's own help and errors. Ids: cli-<command>-about / -long / -after, and
# cli-<command>-<argument> for the help of an argument, cli-<command>-<argument>-value for the
# name of its value.

cli-about = 项目支出绩效自评表：按项目定义生成表格，读回单位交回的表格，对比、检查并汇总。
cli-long = evalsheet 把项目定义（YAML 文件）生成为正式的《项目支出绩效自评表》工作簿，读回各单位交回的表格，对比、检查其中的错误，并汇总成汇总表。

    退出状态：0 成功，1 有差异或发现错误，2 出现问题（文件无法读取、定义有误、不覆盖已有文件等）。
cli-after = 常用命令：
      evalsheet generate examples/2022 -o 表格            按定义生成表格
      evalsheet check 交回/                               检查交回的表格
      evalsheet collect 交回/ -o 汇总表.xlsx               汇总
    运行 evalsheet 命令 --help 查看每个命令的说明；使用手册见 docs/使用手册.md。
cli-lang = 提示和帮助的语言：zh（中文，默认）或 en（英文）
cli-lang-value = 语言
cli-help = 显示帮助
cli-version = 显示版本
cli-usage-heading = 用法：
cli-options-heading = 选项
cli-arguments-heading = 参数
cli-commands-heading = 命令
cli-command-value = 命令
cli-quiet = 只显示错误，不显示进度和结束时的说明

cli-help-about = 显示 evalsheet 或某个命令的帮助
cli-help-command = 要查看帮助的命令

cli-generate-about = 按项目定义生成正式的自评表
cli-generate-long = 为每个项目定义生成正式的《项目支出绩效自评表》。

    定义文件：YAML（或 JSON）文件或文件夹（含子文件夹）；一个文件可以写一个定义，也可以写一组定义。写入任何文件之前，先读入并检查全部定义：只要有一个有误，就什么也不写，并逐一说明每个问题所在的文件、行和列。

    默认每个项目一个工作簿，文件名为“年度-项目资金名称-实施单位.xlsx”；使用 --by unit 时，每个实施单位一个工作簿，每个项目一张工作表，不同单位绝不会写进同一个工作簿。文件名会处理为安全的名称；已有的文件不会被覆盖，除非使用 --force；文件整体写入，不会出现写了一半的文件。

    生成的表格设有保护：只有单位填写的单元格（负责人及电话、全年执行数、全年实际完成情况、全年完成值、未完成原因和改进措施、说明）可以编辑，这些单元格有浅色底纹。
cli-generate-after = 例如：
      evalsheet generate examples/2021 -o 表格
      evalsheet generate examples/2022 -o 表格/2022 --blank --by unit --password 1234
cli-generate-defs = 项目定义文件或文件夹
cli-generate-defs-value = 定义
cli-generate-out = 写入工作簿的文件夹（不存在时自动创建）
cli-generate-out-value = 输出文件夹
cli-generate-by = 每个项目一个工作簿（project），或每个实施单位一个工作簿、每个项目一张工作表（unit）
cli-generate-by-value = 方式
cli-generate-blank = 下发空白表：单位填写的栏目留空（说明栏显示填写提示）
cli-generate-password = 用此密码保护工作表
cli-generate-password-value = 密码
cli-generate-unprotected = 不保护工作表
cli-generate-force = 覆盖已有的工作簿

cli-import-about = 把交回的表格（.xlsx、.xls、.ods）读回为项目定义
cli-import-long = 把单位交回的表格读回为项目定义。

    文件：工作簿（.xlsx、.xlsm、.xls、.ods）或文件夹（含子文件夹）；文件夹中的其他文件会列出并跳过。每张含有《项目支出绩效自评表》的可见工作表读成一个定义；一张工作表上下排列的多张表也能读出。按标签而不是固定位置查找各栏，所以用 WPS 或 LibreOffice 另存过的表格、按正式格式手工录入的表格都能读出。

    不用 -o 时，定义输出到屏幕（标准输出）：一个 YAML 列表，或用 --format json 输出一个 JSON 数组，每个定义带有来源（文件和工作表）。使用 -o 时，每个定义写成输出文件夹中的一个文件（不覆盖已有文件，除非使用 --force）。

    一个文件无法读取不会影响其他文件：最后会列出它，退出状态为 2。
cli-import-after = 例如：
      evalsheet import 交回/ -o 定义/
      evalsheet import 扫黑除恶.xlsx --format json
cli-import-files = 工作簿或存放工作簿的文件夹
cli-import-files-value = 文件
cli-import-out = 每个定义写成此文件夹中的一个文件，而不是输出到屏幕
cli-import-out-value = 输出文件夹
cli-import-format = 输出格式：yaml 或 json
cli-import-format-value = 格式
cli-import-year = 表上没有注明年度时使用的年度
cli-import-year-value = 年度
cli-import-force = 覆盖输出文件夹中已有的文件

cli-diff-about = 对比两组定义或表格：单位填写和改动了什么，或与上年相比有什么变化
cli-diff-long = 对比两组项目定义或交回的表格。

    旧、新两边各是一个 YAML（或 JSON）定义文件、一个交回的工作簿（.xlsx、.xlsm、.xls、.ods），或存放它们的文件夹（含子文件夹）。项目按“项目资金名称”和“实施单位”对应；名称稍有改动的项目报告为更名，列出新旧两个名称。

    两边年度相同时，对比的是下发表与交回表：旧的一边是财务部门下发的，新的一边是单位交回的。报告列出单位填写的内容（全年执行数及重算的执行率、全年完成值、原因、说明、联系人），并用 !! 标出单位不应改动却改动了的内容（预算、指标值、总体目标、指标名称或层级、项目名称、主管部门、实施单位、增删指标）。

    两边年度不同时，对比的是逐年变化：新增、删除和更名的项目；预算的变化（万元和百分比）；新增、删除、更名和改动的指标；文字的改动逐字标出（[-删除][+新增]，在终端中用颜色标出）。单位填写的栏目不比较，除非使用 --all。

    退出状态：0 没有差异，1 有差异，2 出现问题。
cli-diff-after = 例如：
      evalsheet diff examples/2021 examples/2022
      evalsheet diff 下发/2022 交回/ --xlsx 对比报告.xlsx
      evalsheet diff 2021/ 2022/ --format json > 变化.json
cli-diff-old = 上年的或下发的定义：文件或文件夹
cli-diff-old-value = 旧
cli-diff-new = 本年的定义或交回的表格：文件或文件夹
cli-diff-new-value = 新
cli-diff-mode = 指定对比方式：issued（下发表与交回表）或 yearly（逐年对比）；默认按年度判断
cli-diff-mode-value = 方式
cli-diff-all = 逐年对比时也比较单位填写的栏目
cli-diff-format = 输出格式：text（文字）或 json
cli-diff-format-value = 格式
cli-diff-xlsx = 同时把报告写成工作簿（汇总表和逐项变化）
cli-diff-xlsx-value = 报告.xlsx
cli-diff-force = 覆盖已有的 --xlsx 报告

cli-check-about = 检查定义和交回的表格中的错误
cli-check-long = 检查项目定义（YAML/JSON）和交回的表格（.xlsx、.xlsm、.xls、.ods）中的错误：金额加总不符、填写的执行率与 B/A 不符、成本指标所写金额与预算不符、指标名称不在标准指标体系中、必填栏目为空、该填文字处填了数字、空的指标行、完成情况与原因相互矛盾、说明仍是填写提示等。

    文件：文件或文件夹（含子文件夹）。每个问题一行，写明文件、工作表和单元格、栏目、严重程度、问题说明和规则编号，按输入顺序分文件排列，最后一行是汇总。使用 --format json 时改为输出一个 JSON 数组（字段说明见使用手册）。

    退出状态：0 没有发现问题或只有警告，1 至少有一个错误，2 有文件无法读取（其他文件照常检查）。
cli-check-after = 例如：
      evalsheet check examples/2021
      evalsheet check 交回/ --format json > 问题.json
      evalsheet check 交回/ --rules 审核规则.yaml
cli-check-inputs = 定义文件、交回的工作簿，或存放它们的文件夹
cli-check-inputs-value = 文件
cli-check-format = 输出格式：text（文字）或 json
cli-check-format-value = 格式
cli-check-rules = 本单位（财政部门）的审核规则文件（YAML），在内置规则之后逐表检查；读取任何表格之前先检查规则文件本身
cli-check-rules-value = 规则.yaml

cli-collect-about = 把交回的表格汇总为一个汇总工作簿（汇总表）
cli-collect-long = 把单位交回的表格汇总成一个工作簿。

    文件夹：存放交回表格的文件夹（含子文件夹）或工作簿文件。读取每个工作簿中的每张表（一个工作簿可以有多张表，每张一个工作表），并像 evalsheet check 一样检查。汇总工作簿有三张工作表：

      汇总表    每张表一行，按实施单位、项目资金名称排序：年度资金总额的全年预算数（A）、全年执行数（B）和执行率（B/A，公式）；指标数以及已完成、未完成、未填写、待核实的个数；发现的错误和警告数；来源文件和工作表；最后一行合计。
      问题清单  每个问题一行：文件、工作表、单元格、项目、栏目、严重程度、问题说明。
      未能读取  每个无法读取的文件一行，并写明原因；跳过的隐藏文件、临时文件也列在这里。

    不会漏掉任何文件：找到的每个文件不是在汇总表中，就是在“未能读取”中。汇总工作簿整体写入；已有的汇总工作簿不会被覆盖，除非使用 --force。

    退出状态：0 每个工作簿都已读取（发现的问题不影响退出状态，列在问题清单中）；2 有工作簿无法读取（汇总表照常写出，并在“未能读取”中列出），或出现无法写出汇总表的问题，如汇总工作簿已存在而没有使用 --force。
cli-collect-after = 例如：
      evalsheet collect 交回/2021 -o 2021汇总表.xlsx
      evalsheet collect 科信支队/ 特巡警支队/ -o 汇总表.xlsx --force
cli-collect-inputs = 存放交回表格的文件夹，或工作簿文件
cli-collect-inputs-value = 文件夹
cli-collect-out = 要写出的汇总工作簿
cli-collect-out-value = 汇总表.xlsx
cli-collect-force = 覆盖已有的汇总工作簿
cli-collect-rules = 本单位（财政部门）的审核规则文件（YAML），在内置规则之后逐表检查
cli-collect-rules-value = 规则.yaml

cli-rollover-about = 把上年的定义转为下一年的空白定义
cli-rollover-long = 把上年的定义（或读回的交回表）转为下一年的空白定义，供修改后下发：设置新的年度，清空单位填写的全部内容（负责人及电话、每个全年执行数、全年实际完成情况、每个全年完成值和未完成原因和改进措施、说明）。财务部门确定的内容——项目、主管部门、实施单位、预算、指标值和指标——保留，供按新年度修改。

    每个定义写成输出文件夹中的一个 YAML 文件，文件名为“年度-项目资金名称-实施单位.yaml”。写入之前先读入全部定义：只要有一个有误，或其年度不早于 --year，就什么也不写。已有的文件不会被覆盖，除非使用 --force；文件整体写入。
cli-rollover-after = 例如：
      evalsheet rollover examples/2021 --year 2022 -o 定义/2022
cli-rollover-defs = 上年的定义文件或文件夹
cli-rollover-defs-value = 定义
cli-rollover-year = 新的年度
cli-rollover-year-value = 年度
cli-rollover-out = 写入新定义的文件夹（不存在时自动创建）
cli-rollover-out-value = 输出文件夹
cli-rollover-force = 覆盖已有的文件

cli-new-about = 写出一个空白定义，每个键都附有表上的中文标签
cli-new-long = 写出一个空白项目定义作为起点：定义格式的每个键都附有它在表上的标签（项目资金名称、全年预算数（A）、一级指标……）作为注释，标准指标体系的每个二级指标各有一行指标（删去项目用不到的）。填好后用 evalsheet generate 生成表格。

    不用 -o 时定义输出到屏幕；使用 -o 时写入文件（不覆盖已有文件，除非使用 --force）。
cli-new-after = 例如：
      evalsheet new > 项目.yaml
      evalsheet new --year 2022 --project 禁毒专项经费 -o 禁毒专项经费.yaml
      evalsheet new --form mof > 国家表样.yaml
cli-new-out = 写入此文件，而不是输出到屏幕
cli-new-out-value = 文件
cli-new-year = 年度；不填时为今年
cli-new-year-value = 年度
cli-new-project = 项目资金名称；不填时留空
cli-new-project-value = 名称
cli-new-form = 表样：city（市级表样，默认）或 mof（财政部表样，带评分）
cli-new-form-value = 表样
cli-new-force = 覆盖已有的文件

# Command-line errors (clap's, in our words).
cli-error = 命令行有误：{ $detail }
cli-error-unknown-argument = 不认识参数 { $arg }。
cli-error-unknown-argument-tip = 不认识参数 { $arg }，是否应为 { $tip }？
cli-error-missing = 缺少必需的参数：{ $args }。
cli-error-invalid-value = 参数 { $arg } 的值“{ $value }”无效。
cli-error-invalid-value-choices = 参数 { $arg } 的值“{ $value }”无效，可用的值：{ $choices }。
cli-error-invalid-subcommand = 没有命令“{ $command }”。
cli-error-invalid-subcommand-tip = 没有命令“{ $command }”，是否应为 { $tip }？
cli-error-missing-subcommand = 请给出一个命令，如 evalsheet generate。
cli-error-conflict = 参数 { $arg } 不能与 { $other } 同时使用。
cli-error-value-missing = 参数 { $arg } 后面缺少值。
cli-error-too-many = 多出了参数“{ $value }”。
cli-error-see-help = 运行 { $command } --help 查看用法。
