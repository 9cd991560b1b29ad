# How a field of the form is named for a clerk (Template::field_name): the form's own labels,
# with these words around them.
field-indicator-row = 第 { $row } 行指标
field-indicator-value = { $row } { $label }
field-funds-weight = 预算执行率 分值
field-year = 年度
field-form = 表样
