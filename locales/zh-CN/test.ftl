# Used by the catalogue's own tests and doc example.
test-greeting = { $name }，您好：{ $count } 个文件。
