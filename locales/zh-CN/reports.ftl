# Report workbooks (report.rs, collect.rs, diff/xlsx.rs): column headers.
report-col-number = 序号
report-col-unit = 实施单位
report-col-project = 项目资金名称
report-col-budget =
    全年预算数（A）
    （万元）
report-col-executed =
    全年执行数（B）
    （万元）
report-col-rate =
    执行率
    （B/A）
report-col-indicators = 指标数
report-col-completed = 已完成
report-col-not-completed = 未完成
report-col-blank = 未填写
report-col-unclear = 待核实
report-col-errors = 错误数
report-col-warnings = 警告数
report-col-source-file = 来源文件
report-col-sheet = 工作表
report-col-remark = 备注
report-col-cell = 单元格
report-col-label = 栏目
report-col-severity = 严重程度
report-col-message = 问题说明
report-col-field = 字段
report-col-rule = 规则
report-col-file = 文件
report-col-reason = 原因
report-col-detail = 详细信息
report-col-status = 状态
report-col-old-project = 原项目资金名称
report-col-changes = 变化数
report-col-funds = 资金
report-col-indicator-changes = 指标
report-col-forbidden = 不应修改
report-col-filled = 单位填写
report-col-kind = 类型
report-col-diff = 对比（红色删除，绿色新增）
report-col-notes = 附注
report-col-old = 原值
report-col-new = 新值

# The 汇总表 workbook of collect (collect.rs).
collect-sheet-summary = 汇总表
collect-sheet-findings = 问题清单
collect-sheet-failures = 未能读取
collect-year-prefix = { $years }年度
collect-title-summary = { $prefix }项目支出绩效自评汇总表
collect-title-findings = { $prefix }项目支出绩效自评表问题清单
collect-title-failures = 未能读取的文件
collect-subtitle = 共汇总 { $files } 个文件中的 { $forms } 张自评表；发现问题 { $findings } 个（错误 { $errors } 个，警告 { $warnings } 个），见“{ $sheet }”。
collect-subtitle-all-read = 全部文件均已读取
collect-subtitle-failed = 另有 { $count } 个文件未能读取，未计入本表
collect-subtitle-skipped = ；跳过隐藏文件、锁定文件等 { $count } 个
collect-subtitle-end = 。
collect-subtitle-see = ，见“{ $sheet }”。
collect-subtitle-unit = 金额单位：万元。
collect-total = 合计
collect-findings-none = 检查全部自评表，未发现问题。
collect-findings-subtitle = 共 { $count } 个问题：错误 { $errors } 个（必须更正），警告 { $warnings } 个（请核实）。单元格指交回的自评表中的位置。
collect-failures-none = 全部 { $files } 个文件均已读取。
collect-failures-subtitle = 以下 { $count } 个文件未能读取，其中的自评表未计入“{ $sheet }”，请核对后让填报单位重新报送。
collect-failures-skipped = 另有 { $count } 个隐藏文件、锁定文件等按规定跳过，未读取，列在最后。
collect-skipped = 已跳过
collect-duplicate = 与第 { $rows } 行重复，合计中重复计算
collect-duplicate-more = 与第 { $rows } 行等 { $count } 行重复，合计中重复计算
collect-severity-error = 错误
collect-severity-warning = 警告
collect-severity-explain = 需说明
collect-skip-hidden = 隐藏的文件或文件夹
collect-skip-lock-file = 办公软件打开工作簿时留下的临时锁定文件
collect-skip-loop = 指回已查找过的文件夹的链接
collect-skip-repeated = 经由链接再次出现的同一文件
collect-skip-mapping = 旁边工作簿的列对照文件
collect-kind-unopened = 无法打开文件
collect-kind-no-form = 文件中没有找到自评表
collect-kind-password = 文件设有打开密码
collect-kind-empty = 空文件
collect-kind-folder = 不是文件
collect-kind-damaged = 文件损坏或不是工作簿
collect-kind-other = 读取时出错

# The page footer of a report (Excel codes: &C centre, &P page, &N pages).
report-footer = &C第 &P 页，共 &N 页

# The change report workbook of diff --xlsx (diff/xlsx.rs).
diff-mode-issued = 下发表与交回表对比
diff-mode-yearly = 逐年对比
diff-subtitle = 旧：{ $old }（{ $old_years }）  新：{ $new }（{ $new_years }）  共 { $changes } 处变化
diff-sheet-summary = 汇总
diff-sheet-changes = 变化明细
diff-title = 项目支出绩效自评表 { $mode }：{ $sheet }
diff-note-cell = 单元格 { $cell }
diff-forbidden-yes = 是
diff-status-unchanged = 无变化
diff-status-filled = 有填写或修改
diff-status-changed = 有变化
diff-status-renamed = 更名
diff-status-not-issued = 未下发
diff-status-added = 新增
diff-status-not-returned = 未交回
diff-status-removed = 删除
diff-kind-not-issued = 未下发的项目
diff-kind-not-returned = 未交回
diff-kind-project-added = 新增项目
diff-kind-project-removed = 删除项目
diff-kind-project-renamed = 项目更名
diff-kind-indicator-added = 新增指标
diff-kind-indicator-removed = 删除指标
diff-kind-indicator-renamed = 指标更名
diff-kind-changed = 修改
diff-kind-filled = 单位填写
diff-years = { $years } 年
diff-years-unknown = 年度不明

# The text report of diff (src/diff/text.rs) and its notes (src/diff/compare.rs)
diff-text-blank = （空）
diff-text-rate = 执行率 { $rate }%
diff-text-aside = （{ $text }）
diff-text-separator = ，
diff-text-list-separator = 、
diff-text-note = ；{ $note }
diff-text-added = 新增{ $label }：{ $value }  { $place }
diff-text-removed = 删除{ $label }：{ $value }  { $place }
diff-text-project = 项目
diff-text-renamed = { $what }更名：{ $old } → { $new }  { $place }
diff-text-change = { $label }：{ $value }  { $place }
diff-text-year-unknown = 年度不明
diff-text-years = { $years } 年
diff-text-no-changes = 两边一致，没有变化。
diff-text-unchanged = 无变化（{ $count }）：{ $list }
diff-text-not-issued = 未下发
diff-text-not-returned = 未交回
diff-text-new-side = 新增
diff-text-old-side = 删除
diff-text-mode-issued = 下发表与交回表对比
diff-text-mode-yearly = 逐年对比（单位填写的栏目不比较，加 --all 可比较）
diff-text-mode-yearly-all = 逐年对比（含单位填写的栏目）
diff-text-title = evalsheet diff：{ $mode }
diff-text-old = 旧：{ $path }（{ $years }，{ $count } 个项目）
diff-text-new = 新：{ $path }（{ $years }，{ $count } 个项目）
diff-text-summary = 项目：{ $matched } 个对应（其中 { $renamed } 个更名），{ $added } 个{ $added_word }，{ $removed } 个{ $removed_word }；共 { $changes } 处变化。
diff-text-forbidden = !! 不应修改的内容：{ $count } 处，涉及 { $projects } 个项目（见下文 !! 标记）。
diff-text-forbidden-none = 不应修改的内容：无。
diff-text-filled = 单位填写：{ $count } 处。
diff-text-side-head = { $title }项目（{ $count }）
diff-text-outline = { $name }：{ $note }
diff-text-project-head = { $name }：{ $count } 处变化
diff-text-forbidden-head = !! 不应修改的内容（{ $count }）
diff-text-filled-head = 单位填写（{ $count }）
diff-note-rate = 表上的执行率为 { $typed }，按 B/A 重算为 { $computed }
diff-outline-budget = 预算 { $budget } 万元
diff-outline-no-budget = 预算空白
diff-outline = { $budget }，{ $count } 项指标
diff-text-where = （{ $text }）
