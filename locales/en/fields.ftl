# How a field of the form is named for a clerk (Template::field_name): the form's own labels,
# with these words around them.
field-indicator-row = indicator row { $row }
field-indicator-value = { $row }, { $label }
field-funds-weight = budget execution rate, 分值
field-year = year
field-form = layout variant
