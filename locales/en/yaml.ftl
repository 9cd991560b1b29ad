# Definitions read from YAML or JSON (src/load.rs, src/error.rs::explain): what is wrong at the
# line and column the error names, and how to mend it.

yaml-key-label = { $key } ({ $label })
yaml-unknown-key-suggest = unknown key { $key }; did you mean { $suggestion } ({ $label })?
yaml-unknown-key = unknown key { $key }. The keys here are: { $known }
yaml-duplicate-key = the key { $key } is written twice; delete one of them
yaml-alias-bomb = the YAML's aliases (*name) expand to more than { $max } nodes, refused (an alias bomb?)
yaml-alias-deep = the YAML's aliases (*name) are nested too deeply, refused
yaml-too-deep = the YAML is nested too deeply or has too many anchors (&name), refused
yaml-not-definition = this is not a project definition: expected a mapping with year, project, … or a list of them
yaml-year = year (年度) should be a four-digit year such as 2022, not "{ $value }"
yaml-amount = "{ $value }" is not an amount: { $key } should be a number of 万元 such as 273.89, without words or units
yaml-mapping = { $key } should hold indented "key: value" lines, not "{ $value }"
yaml-list = { $key } should be a list, one item a line starting with "- ", not "{ $value }"
yaml-text = { $key } should be a text, not "{ $value }"; put a text that holds a colon or a # in double quotes
yaml-wrong-type = the value "{ $value }" is not of the right kind: expected { $expected }
yaml-expected-list = a list (items starting with "- ")
yaml-expected-mapping = "key: value" lines
yaml-expected-number = a whole number
yaml-expected-text = a text
yaml-of-key = { $key }: { $message }
yaml-unclosed-quote = a quote is not closed: the quote that starts here does not end before the end of the file; add the closing quote
yaml-tab = this line is indented with a tab; YAML is indented with spaces only, so replace the tab with spaces
yaml-bad-character = a value cannot start with this character (such as @ or `); put the whole text in double quotes
yaml-colon = a "key: value" where none can be: either the indentation is wrong, or a text holds a colon followed by a space. Put such a text in double quotes, e.g. project: "目标: 完成"
yaml-indent = the indentation does not line up: keys of one level start in the same column; check the spaces on this line and the one above
yaml-after-quote = there is text after the closing quote; to quote inside a text, use Chinese quotes “” or put the whole text in single quotes
yaml-eof = the file ends in the middle: a closing bracket or quote is missing
yaml-json-key = a JSON key must be in double quotes
yaml-trailing-comma = JSON allows no comma after the last item
yaml-other = the YAML here is not written right; check the colons, indentation and quotes of this line (the parser says: { $detail })

# Which definition of a file (load.rs, Loaded::what).
definition-n = definition { $n }
definition-n-of = definition { $n } ({ $project })
definition-the = the definition
definition-of = the definition of { $project }
definition-too-large = the file is { $size } MB, larger than the { $max } MB a definition file may be; split the projects into several files
definition-year-range = year (年度) is { $year }; expected a year from 1949 to 2100, such as 2022
definition-project-blank = project (项目资金名称) is missing or blank; every definition needs one
definition-form = form (表样): { $message }
definition-digits = { $key } ({ $label }) is { $value }, { $digits } significant digits, more than the { $max } an Excel cell can hold exactly; use fewer decimals
definition-overlong = "{ $field }" is { $units } characters long, more than the { $max } an Excel cell can hold; shorten it
definition-a-text = a text

# Amounts as typed (amount.rs).
amount-not-an-amount = "{ $value }" is not an amount: expected a number of 万元 such as 273.89
amount-too-many-digits = "{ $value }" has { $digits } significant digits, more than the { $max } an Excel cell can hold exactly
