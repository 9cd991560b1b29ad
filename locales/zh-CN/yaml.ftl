# Definitions read from YAML or JSON (src/load.rs, src/error.rs::explain): what is wrong at the
# line and column the error names, and how to mend it.

yaml-key-label = { $key }（{ $label }）
yaml-unknown-key-suggest = 不认识的键 { $key }，是否应为 { $suggestion }（{ $label }）？
yaml-unknown-key = 不认识的键 { $key }。这里可以写的键有：{ $known }
yaml-duplicate-key = 键 { $key }写了两次，请删去其中一个
yaml-alias-bomb = YAML 的别名（*名称）展开后超过 { $max } 个节点，已拒绝读取（是恶意构造的文件吗？）
yaml-alias-deep = YAML 的别名（*名称）嵌套太深，已拒绝读取
yaml-too-deep = YAML 嵌套太深或锚点（&名称）太多，已拒绝读取
yaml-not-definition = 这不是项目定义：应为含 year、project 等键的映射，或这样的映射组成的列表
yaml-year = year（年度）应为四位数字的年份，如 2022，而不是“{ $value }”
yaml-amount = “{ $value }”不是金额：{ $key }应为以万元为单位的数字，如 273.89，不要写文字或单位
yaml-mapping = { $key }下应为缩进的若干“键: 值”行，而不是“{ $value }”
yaml-list = { $key }应为一个列表，每项一行、以“- ”开头，而不是“{ $value }”
yaml-text = { $key }应为一段文字，而不是“{ $value }”；文字中有冒号、井号等符号时，请把整段文字加上英文双引号
yaml-wrong-type = 这里的值“{ $value }”写法不对，应为{ $expected }
yaml-expected-list = 一个列表（每项以“- ”开头）
yaml-expected-mapping = 若干“键: 值”
yaml-expected-number = 一个整数
yaml-expected-text = 一段文字
yaml-of-key = { $key }：{ $message }
yaml-unclosed-quote = 引号没有配对：从这里开始的引号直到文件末尾都没有结束，请补上结尾的引号
yaml-tab = 这一行用了制表符（Tab）缩进；YAML 只能用空格缩进，请把 Tab 换成空格
yaml-bad-character = 这里的字符不能作为值的开头（如 @ 或 `）；请把整段文字加上英文双引号
yaml-colon = 这里多了一个“键: 值”：可能是缩进不对，也可能是文字中有“冒号加空格”。文字中有冒号时，请把整段文字加上英文双引号，如 project: "目标: 完成"
yaml-indent = 缩进没有对齐：同一层的键应从同一列开始，请检查这一行和上一行的空格数
yaml-after-quote = 引号结束后还有文字；要在文字中用引号，请改用中文引号“”，或把整段文字改用单引号括起来
yaml-eof = 文件在中途结束了：缺少结尾的括号或引号
yaml-json-key = JSON 的键必须用英文双引号括起来
yaml-trailing-comma = JSON 的最后一项后面不能有逗号
yaml-other = 这里的 YAML 写法有误，请检查这一行的冒号、缩进和引号（解析器的原话：{ $detail }）

# Which definition of a file (load.rs, Loaded::what).
definition-n = 第 { $n } 个定义
definition-n-of = 第 { $n } 个定义（{ $project }）
definition-the = 定义
definition-of = “{ $project }”的定义
definition-too-large = 文件有 { $size } MB，超过了定义文件的上限 { $max } MB；请把项目分成几个文件
definition-year-range = year（年度）为 { $year }，应为 1949 到 2100 之间的年份，如 2022
definition-project-blank = 缺少 project（项目资金名称），或者它是空的；每个定义都要写项目资金名称
definition-form = form（表样）：{ $message }
definition-digits = { $key }（{ $label }）为 { $value }，有 { $digits } 位有效数字，超过了 Excel 单元格能精确保存的 { $max } 位；请减少小数位数
definition-overlong = “{ $field }”有 { $units } 个字符，超过了 Excel 单元格能容纳的 { $max } 个；请删减
definition-a-text = 一段文字

# Amounts as typed (amount.rs).
amount-not-an-amount = “{ $value }”不是金额：应为以万元为单位的数字，如 273.89
amount-too-many-digits = “{ $value }”有 { $digits } 位有效数字，超过了 Excel 单元格能精确保存的 { $max } 位
