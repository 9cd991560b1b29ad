# The desk: one year's collection of forms (init, receive, review, status, collect, diff, feedback).

desk-state-missing = 未交回
desk-state-received = 已交回待审
desk-state-returned = 退回修改
desk-state-accepted = 已通过

desk-reason-wrong-year = 不是本年度的表格
desk-reason-not-issued = 未下发过的表格
desk-reason-unreadable = 无法读取
desk-reason-not-a-form = 不是自评表

desk-party-unit = 单位
desk-party-office = 科室

desk-no-ledger = 这里没有台账文件（desk.sqlite）。
desk-not-a-desk = 这个文件夹不是收表台（没有 desk.json）；请先用 evalsheet init 建立收表台。
desk-exists = 这个文件夹已经是收表台了；要从收到的文件重建台账，请用 evalsheet init 收表台 --rebuild。
desk-no-definitions = 没有给出任何项目定义，无法下发表格。
desk-definition-wrong-year = { $file }：项目“{ $project }”的年度是 { $year }，不是收表台的年度 { $desk }；请改正定义，或用 --year { $year } 另建收表台。
desk-definition-twice = { $file }：项目“{ $project }”（{ $unit }）的定义出现了两次；每个单位的每个项目只能下发一张表，请删去重复的定义。
desk-definitions-have-errors = 项目定义中有 { $count } 处错误（见上），没有下发任何表格；请改正定义后再运行，或加 --allow-errors 照样下发。
desk-ledger-newer = 台账的版本（{ $have }）比这个 evalsheet 认识的（{ $know }）新；请使用新版 evalsheet。
desk-ledger-damaged = 台账无法使用（{ $reason }）。收到的文件都还在收表台里，可以重建台账：evalsheet init "{ $desk }" --rebuild（原台账会保留为 desk.sqlite.damaged-N；审核结论需要重新填写）。
desk-rebuild-ids = 定义文件的编号不连续，无法按原编号重建台账；请检查 definitions 文件夹中的文件是否被改名或删除。
desk-no-such-form = 没有编号为 { $form } 的下发表格。
desk-review-missing = “{ $project }”（{ $unit }）还没有交回，无法审核。
desk-form-not-found = 没有与“{ $text }”相符的下发表格；请用 evalsheet status 查看编号、项目和单位。
desk-form-ambiguous = “{ $text }”与 { $count } 张下发表格相符：{ $forms }；请写出编号，或写成“项目/单位”。

desk-audit-init = 建立 { $year } 年度收表台，下发 { $count } 张表
desk-audit-rebuild = 从收到的文件重建台账
desk-audit-receive = 收到文件 { $file }（{ $hash }）
desk-audit-accept = 审核通过：{ $project }（{ $unit }）
desk-audit-return = 退回修改：{ $project }（{ $unit }）：{ $comment }
desk-audit-setting = 修改设置 { $key }

desk-receive-already = { $file }：这个文件（内容完全相同）已于 { $when } 收到，没有改动。
desk-receive-forms = { $file }：收到 { $count } 张表：{ $forms }。
desk-receive-form = { $unit }“{ $project }”（第 { $version } 版）
desk-receive-some-apart = 另有 { $count } 张表不计入（见 evalsheet status）。
desk-receive-not-a-form = { $file }：不是自评表（没有找到项目资金名称和绩效指标），已保存但不计入。
desk-receive-unreadable = { $file }：无法读取（{ $reason }），已保存但不计入；请让单位重新发送。
desk-receive-wrong-year = { $file }：“{ $project }”是 { $year } 年度的表格，不是本年度（{ $desk }）的，已保存但不计入；请让单位用本年度下发的表格填报。
desk-receive-not-issued = { $file }：“{ $project }”（{ $unit }）没有下发过，已保存但不计入。
desk-flag-stale = ，填的是旧版表格（与现在下发的不同：{ $what }）
desk-flag-forbidden = ，改动了科室填写的栏目 { $count } 处
desk-flag-findings = ，错误 { $errors } 处、提醒 { $warnings } 处
desk-receive-done = 收到 { $files } 个文件：新收 { $new } 个，重复 { $same } 个，不计入 { $apart } 个。
desk-receive-failed = { $file }：没有收入（{ $reason }）。

desk-init-done = 已建立 { $year } 年度收表台 { $desk }：下发 { $count } 张表，共 { $files } 个工作簿，在 { $issued }。
desk-init-finding = { $line }（科室）
desk-rebuilt = 已重建台账：{ $forms } 张下发表格，{ $files } 个收到的文件。
desk-reviewed-accept = 已通过：{ $project }（{ $unit }）。
desk-reviewed-return = 已退回修改：{ $project }（{ $unit }）。

desk-status-title = { $year } 年度收表情况：共 { $total } 张表，未交回 { $missing }，已交回待审 { $received }，退回修改 { $returned }，已通过 { $accepted }。
desk-status-head = 编号	主管部门	实施单位	项目	状态	版本	旧版表格	改动科室栏目	错误	提醒	交回时间
desk-status-apart = 不计入的文件（{ $count } 个）：
desk-status-apart-line = { $file }：{ $reason }
desk-yes = 是
desk-no = 否

desk-collect-done = 已写出 { $file }：计入 { $counted } 张表，未交回 { $missing } 张。
desk-collect-sheet-missing = 未交回
desk-collect-sheet-states = 收表情况
desk-collect-title = { $year } 年度项目支出绩效自评汇总表
desk-collect-subtitle = 按下发的 { $total } 张表汇总：计入 { $counted } 张（每张表只计最新交回的一版），未交回 { $missing } 张。科室填写的栏目一律按下发的数值计，单位改动过的数值列在旁边。
desk-collect-missing-title = { $year } 年度未交回的表格（催报名单）
desk-collect-missing-subtitle = 共 { $count } 张，按主管部门和实施单位排列。
desk-collect-findings-title = { $year } 年度问题清单
desk-collect-findings-subtitle = 每张表最新交回一版的问题；“由谁改正”为单位的，请退回单位修改；为科室的，是科室下发时填写的栏目。
desk-collect-states-title = { $year } 年度收表情况
desk-collect-subtotal-unit = { $unit } 小计
desk-collect-subtotal-department = { $department } 合计
desk-collect-total = 总计
desk-collect-changed = 单位改为 { $value }

desk-diff-form = { $unit }“{ $project }”（{ $state }，{ $versions } 版）
desk-diff-vs-issued = 与下发的表格相比：
desk-diff-vs-previous = 与上一版（{ $when }）相比：
desk-diff-none = 无
desk-diff-change = { $mark }{ $label }：{ $old } → { $new }
desk-diff-not-returned = 未交回

desk-feedback-done = 已为 { $units } 个单位写出反馈工作簿，在 { $dir }。
desk-feedback-nothing = 没有需要单位改正的表格，没有写出反馈工作簿。

# The columns of the desk's 汇总表 (src/desk/collect.rs)
desk-col-issued-at = 下发时间
desk-col-severity = 严重程度
desk-col-department = 主管部门
desk-col-file = 交回文件
desk-col-received = 交回时间
desk-col-spent = 全年执行数（B）
desk-col-budget = 全年预算数（A）
desk-col-budget-as-filled = 单位填报的预算数
desk-col-office-fields-changed = 单位改动的科室栏目
desk-col-cell = 单元格
desk-col-unit = 实施单位
desk-col-comment = 审核意见
desk-col-completed = 已完成
desk-col-days = 已过天数
desk-col-number = 序号
desk-col-rate = 执行率（B/A）
desk-col-indicators = 指标数
desk-col-warnings = 提醒
desk-col-old-form = 旧版表格
desk-col-not-completed = 未完成
desk-col-field = 栏目
desk-col-version = 版本
desk-col-state = 状态
desk-col-party = 由谁改正
desk-col-errors = 错误
desk-col-message = 问题说明
desk-col-project = 项目资金名称
desk-collect-blank = （空）
desk-collect-error = 错误
desk-collect-warning = 提醒
desk-collect-issued-as = （下发为 { $value }）
desk-audit-rules-set = 更换审核规则：{ $name }（{ $count } 条）
desk-audit-rules-removed = 停用审核规则
desk-audit-recheck = 按现行审核规则重新审核已收到的表：{ $count } 张
desk-definition-issued-already = { $file }：项目“{ $project }”（{ $unit }）已经下发过，不能再补发；补发只用于年内新增的项目。
desk-audit-add = 补发表格：{ $count } 张
desk-add-done = 已补发 { $count } 张表，共 { $files } 个工作簿，在 { $issued }。
