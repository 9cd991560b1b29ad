# How a field of the form is named for a clerk (Template::field_name): the form's own labels,
# with these words around them.
field-indicator-row = indicator row { $row }
field-indicator-value = { $row }, { $label }
field-funds-weight = budget execution rate, 分值

# The keys of a definition file with the form's words for them (unknown-key suggestions,
# type errors). The form's labels are Chinese in every language.
key-year = 年度
key-form = 表样
key-project = 项目资金名称
key-contact = 负责人及电话
key-city_department = 市级主管部门
key-local_department = 地方主管部门
key-unit = 实施单位
key-funds = 项目资金
key-goal = 年度总体目标
key-indicators = 绩效指标
key-note = 说明
key-source = 来源
key-total = 年度资金总额
key-central_provincial = 中央、省补助
key-city = 市级资金
key-other = 其他资金
key-current_year = 当年财政拨款
key-carryover = 上年结转资金
key-weight = 分值
key-initial_budget = 年初预算数
key-budget = 全年预算数
key-executed = 全年执行数
key-target = 目标值
key-actual = 实际完成值
key-level1 = 一级指标
key-level2 = 二级指标
key-name = 三级指标
key-reason = 偏差原因分析及改进措施
key-score = 得分
key-file = 文件
key-sheet = 工作表
