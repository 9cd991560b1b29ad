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
      evalsheet init 收表台2022 --year 2022 定义/2022      建立本年度的收表台
      evalsheet serve 收表台2022                           在浏览器中使用收表台
    运行 evalsheet 命令 --help 查看每个命令的说明；使用手册见 docs/使用手册.md。
cli-lang = 提示和帮助的语言：zh（中文，默认）或 en（英文）
cli-lang-value = 语言
cli-help = 显示帮助
cli-version = 显示版本
cli-usage-heading = 用法:
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
cli-diff-new = 本年的定义或交回的表格：文件或文件夹；不写时，旧 是收表台：每张表最新交回的一版与下发的表格、与上一版对比
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
cli-rollover-list = 把新定义写成一个项目清单工作簿（.xlsx），而不是一个个 YAML 文件
cli-rollover-list-value = 项目清单.xlsx

cli-list-about = 把项目定义写成一个项目清单工作簿，供在 Excel 中修改
cli-list-long = 把项目定义写成一个便于在 Excel 或 WPS 中修改的项目清单工作簿：“项目”表每个项目一行，“绩效指标”表每个指标一行（注明所属项目的项目编号），“说明”表介绍填写方法。标题行冻结并受保护；各行可以修改、插入和删除；表样和一级、二级指标有下拉列表，金额只能填数字。

    evalsheet 凡是读取项目定义的地方（generate、check、diff、rollover）都可以直接使用项目清单。-o 的文件名以 .yaml 或 .yml 结尾时，改为把定义写成一个 YAML 列表（把项目清单转回 YAML）。已有的文件不会被覆盖，除非使用 --force；文件整体写入。
cli-list-after = 例如：
      evalsheet list examples/2022 -o 项目清单.xlsx
      evalsheet generate 项目清单.xlsx -o 表格
      evalsheet list 项目清单.xlsx -o 项目.yaml
cli-list-defs = 项目定义文件或文件夹，或项目清单工作簿
cli-list-defs-value = 定义
cli-list-out = 要写出的项目清单（.xlsx）或 YAML 文件（.yaml、.yml）
cli-list-out-value = 文件
cli-list-force = 覆盖已有的文件

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

cli-init-about = 建立一个年度的收表台：检查项目定义，把空白表下发到收表台中
cli-init-long = 在文件夹 收表台 中建立一个年度的收表台。

    先检查项目定义（显示科室填写部分的问题；有错误时不下发，除非加 --allow-errors），记下每个定义，再把空白表下发到 收表台/issued（每个项目一个工作簿，或用 --by unit 每个单位一个工作簿，与 generate 相同）。此后用 evalsheet receive 登记交回的文件。

    收表台文件夹中：desk.sqlite 是台账（SQLite 数据库，命令行和网页收表台可以同时使用），definitions 是下发的定义，issued 是下发的空白表，received 是收到的全部文件（按内容存放，原样保存，不改名、不删除）。

    使用 --rebuild 时，按 definitions 和 received 中的文件重建台账（原台账保留为 desk.sqlite.damaged-N）。

    使用 --add 时，把年内新增项目的表补发到已有的收表台：定义同样先检查，年度须与收表台相同，已下发过的项目不能再补发；空白表写在 issued 中原有的表旁边。
cli-init-after = 例如：
      evalsheet init 收表台2022 --year 2022 examples/2022
      evalsheet init 收表台2022 --year 2022 定义/ --by unit --allow-errors
      evalsheet init 收表台2022 新增项目.yaml --add
      evalsheet init 收表台2022 --rebuild
cli-init-desk = 收表台文件夹（新建或空的文件夹）
cli-init-desk-value = 收表台
cli-init-defs = 要下发的项目定义：文件或文件夹
cli-init-defs-value = 定义
cli-init-year = 收表台的年度
cli-init-year-value = 年度
cli-init-allow-errors = 定义有错误时照样下发
cli-init-by = 每个项目一个工作簿（project），或每个实施单位一个工作簿（unit）
cli-init-by-value = 方式
cli-init-add = 把年内新增项目的表补发到已有的收表台
cli-init-rebuild = 按收表台中的定义和收到的文件重建台账
cli-init-rules = 本单位的审核规则（YAML）：先检查规则文件，保存在收表台中，对收到的每张表都执行
cli-init-rules-value = 规则.yaml

cli-receive-about = 把交回的文件登记到收表台
cli-receive-long = 把交回的文件登记到收表台。

    每个文件原样复制到 收表台/received（按内容的哈希值存放，记下收到时的文件名和时间），读出其中的每张表，并对应到下发的表格：有下发时的标记的，按标记对应；没有的，按项目和实施单位对应。同一个文件收两次，不会有任何改动。其他年度的表格、没有下发过的表格、无法读取的文件、不是自评表的文件都会保存，但单独列出（见 evalsheet status），不计入。每个文件回答一行。

    退出状态：0 每个文件都已计入；1 有文件单独列出、填的是旧版表格或改动了科室填写的栏目；2 有文件没能收入。
cli-receive-after = 例如：
      evalsheet receive 收表台2022 邮件附件/*.xlsx
      evalsheet receive 收表台2022 U盘/禁毒支队/
cli-receive-desk = 收表台文件夹
cli-receive-desk-value = 收表台
cli-receive-files = 收到的文件（文件夹中查找工作簿）
cli-receive-files-value = 文件

cli-review-about = 审核交回的表格：通过，或退回修改
cli-review-long = 在收表台中登记对一张交回表格的审核结论：--accept（已通过），或 --return（退回修改），可用 --comment 写给单位的意见，反馈工作簿会列出。

    表格：表格的编号（见 evalsheet status），或项目、实施单位、“项目/单位”，须恰好对应一张下发的表格。
cli-review-after = 例如：
      evalsheet review 收表台2022 --accept 3
      evalsheet review 收表台2022 --return 禁毒专项经费/禁毒支队 --comment 请补充未完成原因
cli-review-desk = 收表台文件夹
cli-review-desk-value = 收表台
cli-review-form = 表格：编号、项目、实施单位或“项目/单位”
cli-review-form-value = 表格
cli-review-accept = 审核通过
cli-review-return = 退回单位修改
cli-review-comment = 写给单位的意见（与 --return 一起使用）
cli-review-comment-value = 意见

cli-status-about = 查看收表台中每张下发表格的情况
cli-status-long = 一览收表台：各状态（未交回、已交回待审、退回修改、已通过）的表格数，然后每张下发的表格一行（编号、主管部门、实施单位、项目、状态、收到的版本数、是否旧版表格、改动科室栏目的处数、错误、提醒、交回时间），最后是单独列出的文件及原因。

    使用 --format json 时输出一个 JSON 对象，格式为 evalsheet-status/1（见 README）。
cli-status-after = 例如：
      evalsheet status 收表台2022
      evalsheet status 收表台2022 --format json
cli-status-desk = 收表台文件夹
cli-status-desk-value = 收表台
cli-status-format = 输出格式：text（文字表格）或 json
cli-status-format-value = 格式

cli-feedback-about = 为每个单位写出反馈工作簿：它的表格，每个问题都标在单元格上
cli-feedback-long = 为收表台中每个有问题要改正的单位（有表格被退回修改，或交回的表格在单位填写的单元格中有问题）在输出文件夹中写出一个工作簿，单位可以直接改正后交回：第一张工作表“审核结果”列出问题和科室的审核意见，后面是单位的各张表（正式格式，填着单位交回的数值），有问题的单元格填浅红色并带批注。只列出单位的问题。工作簿带有下发时的标记，evalsheet receive 能认出改正后交回的表格。
cli-feedback-after = 例如：
      evalsheet feedback 收表台2022 -o 反馈
      evalsheet feedback 收表台2022 -o 反馈 --unit 禁毒支队
cli-feedback-desk = 收表台文件夹
cli-feedback-desk-value = 收表台
cli-feedback-out = 写入反馈工作簿的文件夹（不存在时自动创建）
cli-feedback-out-value = 输出文件夹
cli-feedback-unit = 只写这个实施单位的
cli-feedback-unit-value = 单位
cli-feedback-force = 覆盖已有的反馈工作簿

cli-serve-about = 在浏览器中使用收表台：总览、接收交回的表、审核、下载
cli-serve-long = 启动网页收表台，在浏览器中完成一年的收表工作：总览各表的状态，把交回的文件拖到页面上接收，逐张查看表格、发现的问题和对比，退回修改或通过，下载空白表、反馈表、汇总表和催报名单，并可为各单位生成只能上传和查看本单位表格的专用链接。

    默认只在本机（127.0.0.1）监听并打开浏览器；显示的地址带有登录码，请不要发给别人。要让其他电脑访问，先用 --set-password 设置科室密码，再用 --public 通过单位的 HTTPS 反向代理提供（见使用说明）。命令行和网页可以同时使用同一个收表台。

    文件夹还不是收表台（不存在或是空的）时，网页上先显示“新建收表台”：选择项目定义、填写年度即可建立，与 evalsheet init 相同。文件夹里存放着各年度的收表台时，打开最新年度的，并可在网页上建立下一年度的。
cli-serve-after = 例如：
      evalsheet serve 收表台2022
      evalsheet serve 新收表台
      evalsheet serve 收表台2022 --set-password
      evalsheet serve 收表台2022 --public --listen 127.0.0.1:8470 --no-browser
cli-serve-desk = 收表台文件夹；不存在或空的文件夹：在网页上新建收表台；存放各年度收表台的文件夹：打开最新年度的
cli-serve-desk-value = 收表台
cli-serve-listen = 监听的地址和端口（端口为 0 时自动选一个空闲端口）
cli-serve-listen-value = 地址:端口
cli-serve-no-browser = 不自动打开浏览器
cli-serve-set-password = 设置科室密码（从标准输入读取）后退出
cli-serve-public = 通过 HTTPS 反向代理提供给其他电脑：需要科室密码，Cookie 只经 HTTPS 发送
cli-serve-last-year = 上年的项目定义（或上年的收表台），用于与上年对比
cli-serve-last-year-value = 路径
